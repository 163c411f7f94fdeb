"""Iterates over (row, label) pairs with zip and reads each margin with .item().

expect: none
"""
# %% perceptron_epoch
def perceptron_epoch(w, b, X, y):
    mistakes = 0
    for x_i, y_i in zip(X, y):
        if (y_i * (w @ x_i + b)).item() <= 0:
            w, b = w + y_i * x_i, b + y_i
            mistakes += 1
    return w, b, mistakes
