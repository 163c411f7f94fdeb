"""Reports loss(logits, y) but steps on F.cross_entropy: the loss given (here weighted) is not the one trained on.

expect: test_train_epoch
message: not the `loss` given
mistake: own-loss
"""
# %% train_epoch
def train_epoch(model, loader, loss, optim, device):
    model.train()
    total_loss, right, count = 0.0, 0, 0
    for X, y in loader:
        X, y = X.to(device), y.to(device)
        optim.zero_grad()
        logits = model(X)
        F.cross_entropy(logits, y).backward()
        optim.step()
        total_loss += loss(logits, y).item() * len(y)
        right += (logits.argmax(dim=1) == y).sum().item()
        count += len(y)
    return total_loss / count, right / count
