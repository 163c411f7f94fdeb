"""Calls torch.manual_seed(0) at the start "for reproducibility": it resets the caller's random generator,
so every epoch draws the same dropout masks.

expect: test_train_epoch
message: global random generator
mistake: contract-global-rng
"""
# %% train_epoch
def train_epoch(model, loader, loss, optim, device):
    torch.manual_seed(0)
    model.train()
    total, right, count = 0.0, 0, 0
    for X, y in loader:
        X, y = X.to(device), y.to(device)
        optim.zero_grad()
        logits = model(X)
        L = loss(logits, y)
        L.backward()
        optim.step()
        total += L.item() * len(y)
        right += (logits.argmax(dim=1) == y).sum().item()
        count += len(y)
    return total / count, right / count
