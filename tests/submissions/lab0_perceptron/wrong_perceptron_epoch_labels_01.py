"""Turns the labels into {0, 1} before the update: a mistake on a negative point changes nothing.

expect: test_perceptron_epoch
message: labels in {0, 1}
mistake: labels-01
"""
# %% perceptron_epoch
def perceptron_epoch(w, b, X, y):
    mistakes = 0
    for i in range(X.shape[0]):
        if y[i] * (X[i] @ w + b) <= 0:
            w = w + (y[i] + 1) / 2 * X[i]
            b = b + (y[i] + 1) / 2
            mistakes += 1
    return w, b, mistakes
