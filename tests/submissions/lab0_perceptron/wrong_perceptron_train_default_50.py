"""Its default is max_epochs=50, not 100.

expect: test_perceptron_train
message: The default is max_epochs=100
mistake: wrong-default-max-epochs
"""
# %% perceptron_train
def perceptron_train(X, y, max_epochs=50):
    history = []
    w = torch.zeros(X.shape[1], dtype=X.dtype, device=X.device)
    b = torch.zeros((), dtype=X.dtype, device=X.device)
    for epoch in range(max_epochs):
        w, b, mistakes = perceptron_epoch(w, b, X, y)
        history.append(mistakes)
        if mistakes == 0:
            break
    return w, b, history
