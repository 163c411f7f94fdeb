"""Creates w and b without dtype=: float32, whatever X is.

expect: test_perceptron_train
message: same dtype
"""
# %% perceptron_train
def perceptron_train(X, y, max_epochs=100):
    history = []
    w = torch.zeros(X.shape[1], device=X.device)
    b = torch.zeros((), device=X.device)
    for epoch in range(max_epochs):
        w, b, mistakes = perceptron_epoch(w, b, X, y)
        history.append(mistakes)
        if mistakes == 0:
            break
    return w, b, history
