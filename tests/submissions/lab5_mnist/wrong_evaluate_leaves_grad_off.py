"""Switches gradients off with torch.set_grad_enabled(False) and never back: the caller's next
training step then builds no graph.

expect: test_evaluate
message: it left gradient tracking switched off
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
    return total / count, right / count
