"""Updates the caller's w and b in place (w += ...): the values are right, the tensors passed in change.

expect: test_perceptron_epoch
message: changed its input w in place
mistake: changes-input-in-place
"""
# %% perceptron_epoch
def perceptron_epoch(w, b, X, y):
    mistakes = 0
    for i in range(X.shape[0]):
        if y[i] * (X[i] @ w + b) <= 0:
            w += y[i] * X[i]
            b += y[i]
            mistakes += 1
    return w, b, mistakes
