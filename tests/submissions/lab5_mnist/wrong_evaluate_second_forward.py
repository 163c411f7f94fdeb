"""Runs the model twice per batch, once for the loss and once for the accuracy.

expect: test_evaluate
message: it called model(...) 2 times
mistake: contract-forward-calls
"""
# %% evaluate
def evaluate(model, loader, loss, device):
    model.eval()
    total, right, count = 0.0, 0, 0
    with torch.no_grad():
        for X, y in loader:
            X, y = X.to(device), y.to(device)
            total += loss(model(X), y).item() * len(y)
            right += (model(X).argmax(dim=1) == y).sum().item()
            count += len(y)
    return total / count, right / count
