"""Always runs 100 steps.

expect: test_train_logreg
message: do not ignore the argument epochs
mistake: ignores-epochs
"""
# %% train_logreg
def train_logreg(X, t, eta, epochs):
    losses = []
    w = torch.zeros(X.shape[1], dtype=X.dtype, device=X.device)
    b = torch.zeros((), dtype=X.dtype, device=X.device)
    for epoch in range(100):
        losses.append(float(bce_with_logits(X @ w + b, t)))
        dw, db = logreg_grad(w, b, X, t)
        w = w - eta * dw
        b = b - eta * db
    return w, b, losses
