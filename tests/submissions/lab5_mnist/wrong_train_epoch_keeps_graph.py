"""Accumulates the loss tensors (no .item()): every batch's graph is kept.

expect: test_train_epoch
message: autograd graph
mistake: keeps-graph
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
        total_loss = total_loss + L * len(y)
        right += (logits.argmax(dim=1) == y).sum().item()
        count += len(y)
    return total_loss / count, right / count
