"""zero_grad after each step instead of before (the first batch starts with no grad), per-batch lists weighted by size.

expect: none
"""
# %% train_epoch
def train_epoch(model, loader, loss, optim, device):
    model.train()
    losses, rights, sizes = [], [], []
    for X, y in loader:
        X, y = X.to(device), y.to(device)
        out = model(X)
        L = loss(out, y)
        L.backward()
        optim.step()
        optim.zero_grad()
        losses.append(L.item() * len(X))
        rights.append((out.argmax(-1) == y).sum().item())
        sizes.append(len(X))
    return sum(losses) / sum(sizes), sum(rights) / sum(sizes)
