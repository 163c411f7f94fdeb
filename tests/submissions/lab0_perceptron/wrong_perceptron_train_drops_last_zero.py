"""Stops before recording the epoch without mistakes: the history lacks its final 0.

expect: test_perceptron_train
message: The last epoch, the one with 0 mistakes, is missing
mistake: drops-last-zero
"""
# %% perceptron_train
def perceptron_train(X, y, max_epochs=100):
    history = []
    w = torch.zeros(X.shape[1], dtype=X.dtype, device=X.device)
    b = torch.zeros((), dtype=X.dtype, device=X.device)
    for epoch in range(max_epochs):
        w, b, mistakes = perceptron_epoch(w, b, X, y)
        if mistakes == 0:
            break
        history.append(mistakes)
    return w, b, history
