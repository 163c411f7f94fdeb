"""Forgets the bias in the scores: s = X w.

expect: test_logreg_grad
message: the bias is missing
mistake: no-bias
"""
# %% logreg_grad
def logreg_grad(w, b, X, t):
    r = sigmoid(X @ w) - t
    dw = X.T @ r / X.shape[0]
    db = r.mean()
    return dw, db
