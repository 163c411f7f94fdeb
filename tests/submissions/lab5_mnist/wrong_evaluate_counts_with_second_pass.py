"""Counts the samples with a first pass over the loader, then evaluates in a second: two passes where the
text has one (every pass re-reads, re-transforms and, with shuffle, re-orders the data).

expect: test_evaluate
message: passes over loader
mistake: contract-loader-passes
"""
# %% evaluate
def evaluate(model, loader, loss, device):
    model.eval()
    n = sum(len(y) for _, y in loader)
    total, right = 0.0, 0
    with torch.no_grad():
        for X, y in loader:
            X, y = X.to(device), y.to(device)
            logits = model(X)
            total += loss(logits, y).item() * len(y)
            right += (logits.argmax(dim=1) == y).sum().item()
    return total / n, right / n
