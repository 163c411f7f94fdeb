"""Judges every row with the w of the start of the epoch, then adds all the updates at once.

expect: test_perceptron_epoch
message: every row was judged with the w of the start
mistake: batch-update
"""
# %% perceptron_epoch
def perceptron_epoch(w, b, X, y):
    wrong = y * (X @ w + b) <= 0
    mistakes = int(wrong.sum())
    w = w + (y[wrong, None] * X[wrong]).sum(dim=0)
    b = b + y[wrong].sum()
    return w, b, mistakes
