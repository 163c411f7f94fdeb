"""Forgets to move the batches to the device (works on a CPU, fails on a GPU).

expect: test_evaluate
message: not moved to the device
mistake: data-not-moved
"""
# %% evaluate
def evaluate(model, loader, loss, device):
    model.eval()
    total_loss, right, count = 0.0, 0, 0
    with torch.no_grad():
        for X, y in loader:
            logits = model(X)
            total_loss += loss(logits, y).item() * len(y)
            right += (logits.argmax(dim=1) == y).sum().item()
            count += len(y)
    return total_loss / count, right / count
