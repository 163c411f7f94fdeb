"""Calls model.zero_grad() "to be safe": it wipes the gradients the caller's parameters held.

expect: test_evaluate
message: .grad was wiped
mistake: contract-arguments
"""
# %% evaluate
def evaluate(model, loader, loss, device):
    model.eval()
    model.zero_grad()
    total, right, count = 0.0, 0, 0
    with torch.no_grad():
        for X, y in loader:
            X, y = X.to(device), y.to(device)
            logits = model(X)
            total += loss(logits, y).item() * len(y)
            right += (logits.argmax(dim=1) == y).sum().item()
            count += len(y)
    return total / count, right / count
