"""Always allows 100 epochs, whatever max_epochs says.

expect: test_perceptron_train
message: It ignores max_epochs
mistake: ignores-max-epochs
"""
# %% perceptron_train
def perceptron_train(X, y, max_epochs=100):
    history = []
    w = torch.zeros(X.shape[1], dtype=X.dtype, device=X.device)
    b = torch.zeros((), dtype=X.dtype, device=X.device)
    for epoch in range(100):
        w, b, mistakes = perceptron_epoch(w, b, X, y)
        history.append(mistakes)
        if mistakes == 0:
            break
    return w, b, history
