"""Records each loss as the 0-dim tensor bce_with_logits returns: the docstring says a list of floats.

expect: test_train_logreg
message: the text says a Python float
mistake: contract-result
"""
# %% train_logreg
def train_logreg(X, t, eta, epochs):
    losses = []
    w = torch.zeros(X.shape[1], dtype=X.dtype, device=X.device)
    b = torch.zeros((), dtype=X.dtype, device=X.device)
    for epoch in range(epochs):
        losses.append(bce_with_logits(X @ w + b, t))
        dw, db = logreg_grad(w, b, X, t)
        w = w - eta * dw
        b = b - eta * db
    return w, b, losses
