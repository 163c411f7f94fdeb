"""Loops until an epoch makes no mistake: on XOR it never ends.

expect: test_perceptron_train
message: never stopped on the XOR points
mistake: never-stops
"""
# %% perceptron_train
def perceptron_train(X, y, max_epochs=100):
    history = []
    w = torch.zeros(X.shape[1], dtype=X.dtype, device=X.device)
    b = torch.zeros((), dtype=X.dtype, device=X.device)
    mistakes = 1
    while mistakes > 0:
        w, b, mistakes = perceptron_epoch(w, b, X, y)
        history.append(mistakes)
    return w, b, history
