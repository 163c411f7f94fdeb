"""Returns the two averages as 0-dim tensors (detached): the text says Python floats.

expect: test_train_epoch
message: the text says a Python float
mistake: contract-result
"""
# %% train_epoch
def train_epoch(model, loader, loss, optim, device):
    model.train()
    total, right, count = 0.0, 0, 0
    for X, y in loader:
        X, y = X.to(device), y.to(device)
        optim.zero_grad()
        logits = model(X)
        L = loss(logits, y)
        L.backward()
        optim.step()
        total = total + L.detach() * len(y)
        right = right + (logits.argmax(dim=1) == y).sum()
        count += len(y)
    return total / count, right / count
