"""Uses a learning rate of 0.1 whatever eta is.

expect: test_train_logreg
message: what eta=0.1 gives
mistake: fixed-eta
"""
# %% train_logreg
def train_logreg(X, t, eta, epochs):
    losses = []
    w = torch.zeros(X.shape[1], dtype=X.dtype, device=X.device)
    b = torch.zeros((), dtype=X.dtype, device=X.device)
    for epoch in range(epochs):
        losses.append(float(bce_with_logits(X @ w + b, t)))
        dw, db = logreg_grad(w, b, X, t)
        w = w - 0.1 * dw
        b = b - 0.1 * db
    return w, b, losses
