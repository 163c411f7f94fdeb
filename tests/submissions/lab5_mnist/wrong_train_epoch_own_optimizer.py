"""Builds its own Adam optimiser and ignores the `optim` argument.

expect: test_train_epoch
message: never called step() of the `optim`
mistake: own-optimizer
"""
# %% train_epoch
def train_epoch(model, loader, loss, optim, device):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    model.train()
    total_loss, right, count = 0.0, 0, 0
    for X, y in loader:
        X, y = X.to(device), y.to(device)
        opt.zero_grad()
        logits = model(X)
        L = loss(logits, y)
        L.backward()
        opt.step()
        total_loss += L.item() * len(y)
        right += (logits.argmax(dim=1) == y).sum().item()
        count += len(y)
    return total_loss / count, right / count
