"""Creates w and b without device=: right on the CPU, wrong on a GPU (the meta test).

expect: test_train_logreg
mistake: ignores-device
"""
# %% train_logreg
def train_logreg(X, t, eta, epochs):
    losses = []
    w = torch.zeros(X.shape[1], dtype=X.dtype)
    b = torch.zeros((), dtype=X.dtype)
    for epoch in range(epochs):
        losses.append(float(bce_with_logits(X @ w + b, t)))
        dw, db = logreg_grad(w, b, X, t)
        w = w - eta * dw
        b = b - eta * db
    return w, b, losses
