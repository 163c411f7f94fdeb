"""Ignores the `loss` it is given: torch.inference_mode() and its own summed F.cross_entropy (was a right variant until the notebook said to use the loss given).

expect: test_evaluate
message: never called the `loss` it was given
mistake: own-loss
"""
# %% evaluate
def evaluate(model, loader, loss, device):
    model.eval()
    total, right, n = 0.0, 0, 0
    with torch.inference_mode():
        for X, y in loader:
            X, y = X.to(device), y.to(device)
            logits = model(X)
            total += F.cross_entropy(logits, y, reduction="sum").item()
            right += int((logits.argmax(dim=1) == y).sum())
            n += y.shape[0]
    return total / n, right / n
