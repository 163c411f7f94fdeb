"""Starts from w = 1, b = 1 instead of zeros.

expect: test_train_logreg
"""
# %% train_logreg
def train_logreg(X, t, eta, epochs):
    losses = []
    w = torch.ones(X.shape[1], dtype=X.dtype, device=X.device)
    b = torch.ones((), dtype=X.dtype, device=X.device)
    for epoch in range(epochs):
        losses.append(float(bce_with_logits(X @ w + b, t)))
        dw, db = logreg_grad(w, b, X, t)
        w = w - eta * dw
        b = b - eta * db
    return w, b, losses
