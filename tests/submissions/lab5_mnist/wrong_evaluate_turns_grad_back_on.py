"""torch.set_grad_enabled(False), then (True) at the end instead of a with block: called inside the
caller's torch.no_grad(), it switches gradient tracking back on for the caller.

expect: test_evaluate
message: it left gradient tracking switched on
mistake: contract-global-state
"""
# %% evaluate
def evaluate(model, loader, loss, device):
    model.eval()
    torch.set_grad_enabled(False)
    total, right, count = 0.0, 0, 0
    for X, y in loader:
        X, y = X.to(device), y.to(device)
        logits = model(X)
        total += loss(logits, y).item() * len(y)
        right += (logits.argmax(dim=1) == y).sum().item()
        count += len(y)
    torch.set_grad_enabled(True)
    return total / count, right / count
