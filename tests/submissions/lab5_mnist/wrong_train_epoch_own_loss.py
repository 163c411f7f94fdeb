"""Builds its own nn.CrossEntropyLoss() and ignores the `loss` argument (right only when the caller passes the default loss).

expect: test_train_epoch
message: never called the `loss` it was given
mistake: own-loss
"""
# %% train_epoch
def train_epoch(model, loader, loss, optim, device):
    criterion = nn.CrossEntropyLoss()
    model.train()
    total_loss, right, count = 0.0, 0, 0
    for X, y in loader:
        X, y = X.to(device), y.to(device)
        optim.zero_grad()
        logits = model(X)
        L = criterion(logits, y)
        L.backward()
        optim.step()
        total_loss += L.item() * len(y)
        right += (logits.argmax(dim=1) == y).sum().item()
        count += len(y)
    return total_loss / count, right / count
