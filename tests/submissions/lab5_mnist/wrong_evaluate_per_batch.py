"""Averages the batch losses and accuracies over the batches.

expect: test_evaluate
message: mean over the batches
mistake: mean-over-batches
"""
# %% evaluate
def evaluate(model, loader, loss, device):
    model.eval()
    losses, accs = [], []
    with torch.no_grad():
        for X, y in loader:
            X, y = X.to(device), y.to(device)
            logits = model(X)
            losses.append(loss(logits, y).item())
            accs.append((logits.argmax(dim=1) == y).float().mean().item())
    return sum(losses) / len(losses), sum(accs) / len(accs)
