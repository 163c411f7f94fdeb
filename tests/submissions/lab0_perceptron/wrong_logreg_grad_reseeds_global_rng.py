"""Calls torch.manual_seed(0) "for reproducibility": it reseeds the caller's random generator.

expect: test_logreg_grad
message: global random generator
mistake: contract-global-rng
"""
# %% logreg_grad
def logreg_grad(w, b, X, t):
    torch.manual_seed(0)
    r = sigmoid(X @ w + b) - t
    dw = X.T @ r / X.shape[0]
    db = r.mean()
    return dw, db
