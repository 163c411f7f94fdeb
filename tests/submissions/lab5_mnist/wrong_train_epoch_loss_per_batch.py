"""Averages the batch losses (sum of L.item() over len(loader)).

expect: test_train_epoch
message: mean over the batches
mistake: mean-over-batches
"""
# %% train_epoch
def train_epoch(model, loader, loss, optim, device):
    model.train()
    total_loss, right, count = 0.0, 0, 0
    for X, y in loader:
        X, y = X.to(device), y.to(device)
        optim.zero_grad()
        logits = model(X)
        L = loss(logits, y)
        L.backward()
        optim.step()
        total_loss += L.item()
        right += (logits.argmax(dim=1) == y).sum().item()
        count += len(y)
    return total_loss / len(loader), right / count
