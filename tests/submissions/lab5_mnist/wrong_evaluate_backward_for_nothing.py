"""Calls L.backward() in evaluate (under no step): gradients pile up in .grad.

expect: test_evaluate
message: has a .grad
mistake: computes-gradients
"""
# %% evaluate
def evaluate(model, loader, loss, device):
    model.eval()
    total_loss, right, count = 0.0, 0, 0
    for X, y in loader:
        X, y = X.to(device), y.to(device)
        logits = model(X)
        L = loss(logits, y)
        L.backward()
        total_loss += L.item() * len(y)
        right += (logits.argmax(dim=1) == y).sum().item()
        count += len(y)
    return total_loss / count, right / count
