"""Divides by len(loader.dataset) instead of the samples the loader yields (drop_last, a sampler over a subset).

expect: test_evaluate
message: L is
mistake: contract-result
"""
# %% evaluate
def evaluate(model, loader, loss, device):
    model.eval()
    total, right = 0.0, 0
    with torch.no_grad():
        for X, y in loader:
            X, y = X.to(device), y.to(device)
            logits = model(X)
            total += loss(logits, y).item() * len(y)
            right += (logits.argmax(dim=1) == y).sum().item()
    return total / len(loader.dataset), right / len(loader.dataset)
