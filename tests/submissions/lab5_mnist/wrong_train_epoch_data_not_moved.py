"""Forgets to move the batches to the device (works on a CPU, fails on a GPU).

expect: test_train_epoch
message: X.to(device)
mistake: data-not-moved
"""
# %% train_epoch
def train_epoch(model, loader, loss, optim, device):
    model.train()
    total_loss, right, count = 0.0, 0, 0
    for X, y in loader:
        optim.zero_grad()
        logits = model(X)
        L = loss(logits, y)
        L.backward()
        optim.step()
        total_loss += L.item() * len(y)
        right += (logits.argmax(dim=1) == y).sum().item()
        count += len(y)
    return total_loss / count, right / count
