"""Counts every row visited instead of the mistakes.

expect: test_perceptron_epoch
message: It counts every row
mistake: counts-every-row
"""
# %% perceptron_epoch
def perceptron_epoch(w, b, X, y):
    mistakes = 0
    for i in range(X.shape[0]):
        mistakes += 1
        if y[i] * (X[i] @ w + b) <= 0:
            w = w + y[i] * X[i]
            b = b + y[i]
    return w, b, mistakes
