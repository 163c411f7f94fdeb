"""Rebuilds db with torch.tensor(r.mean().item()): a CPU tensor, right here, wrong on a GPU (the meta test).

expect: test_logreg_grad
mistake: ignores-device
"""
# %% logreg_grad
def logreg_grad(w, b, X, t):
    r = sigmoid(X @ w + b) - t
    dw = X.T @ r / X.shape[0]
    db = torch.tensor(r.mean().item(), dtype=X.dtype)
    return dw, db
