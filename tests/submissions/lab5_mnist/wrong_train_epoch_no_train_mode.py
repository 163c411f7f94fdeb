"""Never calls model.train(): after an evaluate, dropout stays off for the whole training.

expect: test_train_epoch
message: model.train()
mistake: eval-mode
"""
# %% train_epoch
def train_epoch(model, loader, loss, optim, device):
    total_loss, right, count = 0.0, 0, 0
    for X, y in loader:
        X, y = X.to(device), y.to(device)
        optim.zero_grad()
        logits = model(X)
        L = loss(logits, y)
        L.backward()
        optim.step()
        total_loss += L.item() * len(y)
        right += (logits.argmax(dim=1) == y).sum().item()
        count += len(y)
    return total_loss / count, right / count
