"""Counts the right predictions with a second forward pass before each step: two model(X) per batch where
the text has one (with dropout, its predictions are not those of the pass that trains).

expect: test_train_epoch
message: it called model(...) 2 times
mistake: contract-forward-calls
"""
# %% train_epoch
def train_epoch(model, loader, loss, optim, device):
    model.train()
    total, right, count = 0.0, 0, 0
    for X, y in loader:
        X, y = X.to(device), y.to(device)
        right += (model(X).argmax(dim=1) == y).sum().item()
        optim.zero_grad()
        L = loss(model(X), y)
        L.backward()
        optim.step()
        total += L.item() * len(y)
        count += len(y)
    return total / count, right / count
