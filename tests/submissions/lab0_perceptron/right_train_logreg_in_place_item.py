"""Updates its own w and b in place; losses recorded with .item().

expect: none
"""
# %% train_logreg
def train_logreg(X, t, eta, epochs):
    losses = []
    w = X.new_zeros(X.shape[1])
    b = X.new_zeros(())
    for _ in range(epochs):
        losses.append(bce_with_logits(X @ w + b, t).item())
        dw, db = logreg_grad(w, b, X, t)
        w -= eta * dw
        b -= eta * db
    return w, b, losses
