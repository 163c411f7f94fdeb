"""torch.inference_mode(), the given loss weighted by the batch size, counts kept as ints, then one division.

expect: none
"""
# %% evaluate
def evaluate(model, loader, loss, device):
    model.eval()
    total, right, n = 0.0, 0, 0
    with torch.inference_mode():
        for X, y in loader:
            X, y = X.to(device), y.to(device)
            logits = model(X)
            total += loss(logits, y).item() * y.shape[0]
            right += int((logits.argmax(dim=1) == y).sum())
            n += y.shape[0]
    return total / n, right / n
