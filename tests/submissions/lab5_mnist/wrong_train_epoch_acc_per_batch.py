"""Averages the batch accuracies: the ragged last batch weighs as much as a full one.

expect: test_train_epoch
message: mean over the batches
mistake: mean-over-batches
"""
# %% train_epoch
def train_epoch(model, loader, loss, optim, device):
    model.train()
    total_loss, count, accs = 0.0, 0, []
    for X, y in loader:
        X, y = X.to(device), y.to(device)
        optim.zero_grad()
        logits = model(X)
        L = loss(logits, y)
        L.backward()
        optim.step()
        total_loss += L.item() * len(y)
        count += len(y)
        accs.append((logits.argmax(dim=1) == y).float().mean().item())
    return total_loss / count, sum(accs) / len(accs)
