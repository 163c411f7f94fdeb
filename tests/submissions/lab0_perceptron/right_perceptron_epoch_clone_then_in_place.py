"""Clones w and b once, then updates the clones in place with torch.dot and float margins.

expect: none
"""
# %% perceptron_epoch
def perceptron_epoch(w, b, X, y):
    mistakes = 0
    w, b = w.clone(), b.clone()
    for i in range(len(X)):
        if float(y[i]) * float(torch.dot(w, X[i]) + b) <= 0.0:
            w += y[i] * X[i]
            b += y[i]
            mistakes = mistakes + 1
    return w, b, mistakes
