"""Updates only when y (w.x + b) < 0: a point on the line is not taken as a mistake.

expect: test_perceptron_epoch
message: a point ON the line
mistake: strict-inequality
"""
# %% perceptron_epoch
def perceptron_epoch(w, b, X, y):
    mistakes = 0
    for i in range(X.shape[0]):
        if y[i] * (X[i] @ w + b) < 0:
            w = w + y[i] * X[i]
            b = b + y[i]
            mistakes += 1
    return w, b, mistakes
