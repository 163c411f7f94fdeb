"""Scores as a column (X @ w[:, None]): minus t (n,) they broadcast to (n, n).

expect: test_logreg_grad
message: broadcasts to an (n, n) matrix
mistake: column-weights
"""
# %% logreg_grad
def logreg_grad(w, b, X, t):
    r = sigmoid(X @ w[:, None] + b) - t
    dw = X.T @ r / X.shape[0]
    db = r.mean()
    return dw, db
