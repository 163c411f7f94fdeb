"""(t - sigmoid(s)) instead of (sigmoid(s) - t): the gradient points downhill.

expect: test_logreg_grad
message: it has the wrong sign
mistake: wrong-sign
"""
# %% logreg_grad
def logreg_grad(w, b, X, t):
    r = t - sigmoid(X @ w + b)
    dw = X.T @ r / X.shape[0]
    db = r.mean()
    return dw, db
