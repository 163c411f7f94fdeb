"""Forgets model.eval(): dropout stays on while evaluating.

expect: test_evaluate
message: model.eval()
mistake: train-mode
"""
# %% evaluate
def evaluate(model, loader, loss, device):
    total_loss, right, count = 0.0, 0, 0
    with torch.no_grad():
        for X, y in loader:
            X, y = X.to(device), y.to(device)
            logits = model(X)
            total_loss += loss(logits, y).item() * len(y)
            right += (logits.argmax(dim=1) == y).sum().item()
            count += len(y)
    return total_loss / count, right / count
