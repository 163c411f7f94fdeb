"""Updates on every row, mistake or not.

expect: test_perceptron_epoch
message: updates on every row
mistake: updates-every-row
"""
# %% perceptron_epoch
def perceptron_epoch(w, b, X, y):
    mistakes = 0
    for i in range(X.shape[0]):
        if True:
            w = w + y[i] * X[i]
            b = b + y[i]
            mistakes += 1
    return w, b, mistakes
