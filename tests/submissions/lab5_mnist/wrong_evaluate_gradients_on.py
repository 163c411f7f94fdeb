"""Evaluates with gradients on (no torch.no_grad()): a graph is built for every batch.

expect: test_evaluate
message: torch.no_grad()
mistake: gradients-on
"""
# %% evaluate
def evaluate(model, loader, loss, device):
    model.eval()
    total_loss, right, count = 0.0, 0, 0
    if True:
        for X, y in loader:
            X, y = X.to(device), y.to(device)
            logits = model(X)
            total_loss += loss(logits, y).item() * len(y)
            right += (logits.argmax(dim=1) == y).sum().item()
            count += len(y)
    return total_loss / count, right / count
