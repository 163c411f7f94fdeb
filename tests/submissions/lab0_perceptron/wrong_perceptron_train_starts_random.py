"""Starts from random weights instead of w = 0, b = 0.

expect: test_perceptron_train
message: start from w = 0, b = 0
mistake: wrong-start
"""
# %% perceptron_train
def perceptron_train(X, y, max_epochs=100):
    history = []
    w = torch.ones(X.shape[1], dtype=X.dtype, device=X.device)
    b = torch.ones((), dtype=X.dtype, device=X.device)
    for epoch in range(max_epochs):
        w, b, mistakes = perceptron_epoch(w, b, X, y)
        history.append(mistakes)
        if mistakes == 0:
            break
    return w, b, history
