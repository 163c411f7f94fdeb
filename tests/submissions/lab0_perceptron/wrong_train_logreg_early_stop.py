"""Stops once the loss changes by less than 1e-9 in a step: the docstring asks for `epochs` steps
and a loss per step, however little it changes.

expect: test_train_logreg
message: breaks its contract on a generated problem
mistake: contract-result
"""
# %% train_logreg
def train_logreg(X, t, eta, epochs):
    losses = []
    w = torch.zeros(X.shape[1], dtype=X.dtype, device=X.device)
    b = torch.zeros((), dtype=X.dtype, device=X.device)
    for epoch in range(epochs):
        losses.append(float(bce_with_logits(X @ w + b, t)))
        if epoch > 0 and abs(losses[-2] - losses[-1]) < 1e-9:
            break
        dw, db = logreg_grad(w, b, X, t)
        w = w - eta * dw
        b = b - eta * db
    return w, b, losses
