"""Never updates b.

expect: test_perceptron_epoch
message: b was not updated
mistake: no-bias-update
"""
# %% perceptron_epoch
def perceptron_epoch(w, b, X, y):
    mistakes = 0
    for i in range(X.shape[0]):
        if y[i] * (X[i] @ w + b) <= 0:
            w = w + y[i] * X[i]
            pass
            mistakes += 1
    return w, b, mistakes
