"""Records the loss after each step instead of before.

expect: test_train_logreg
message: These are the losses AFTER each step
mistake: loss-after-step
"""
# %% train_logreg
def train_logreg(X, t, eta, epochs):
    losses = []
    w = torch.zeros(X.shape[1], dtype=X.dtype, device=X.device)
    b = torch.zeros((), dtype=X.dtype, device=X.device)
    for epoch in range(epochs):
        dw, db = logreg_grad(w, b, X, t)
        w = w - eta * dw
        b = b - eta * db
        losses.append(float(bce_with_logits(X @ w + b, t)))
    return w, b, losses
