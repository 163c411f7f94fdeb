"""Keeps tensor counts on the device, zeroes grads through the model, divides by the samples counted.

expect: none
"""
# %% train_epoch
def train_epoch(model, loader, loss, optim, device):
    model.train()
    loss_sum = torch.zeros((), device=device)
    right = torch.zeros((), device=device)
    n = 0
    for X, y in loader:
        X = X.to(device, non_blocking=True)
        y = y.to(device, non_blocking=True)
        model.zero_grad(set_to_none=True)
        logits = model(X)
        L = loss(logits, y)
        L.backward()
        optim.step()
        loss_sum += L.detach() * y.numel()
        right += (logits.argmax(1) == y).sum()
        n += y.numel()
    return (loss_sum / n).item(), (right / n).item()
