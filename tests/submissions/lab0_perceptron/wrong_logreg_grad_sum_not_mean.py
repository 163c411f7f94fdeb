"""Gradients of the summed loss: n times too large.

expect: test_logreg_grad
message: n=6 times too large
mistake: sum-not-mean
"""
# %% logreg_grad
def logreg_grad(w, b, X, t):
    r = sigmoid(X @ w + b) - t
    dw = X.T @ r
    db = r.sum()
    return dw, db
