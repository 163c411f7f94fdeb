"""Asks torch.autograd for the gradients instead of writing them.

expect: test_logreg_grad
message: used torch.autograd
mistake: uses-autograd
"""
# %% logreg_grad
def logreg_grad(w, b, X, t):
    w = w.clone().requires_grad_(True)
    b = b.clone().requires_grad_(True)
    L = bce_with_logits(X @ w + b, t)
    dw, db = torch.autograd.grad(L, [w, b])
    return dw, db
