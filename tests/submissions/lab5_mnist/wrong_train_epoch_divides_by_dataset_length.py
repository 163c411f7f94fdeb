"""Divides by len(loader.dataset): the text averages over the samples the loader yields (N = sum of the
batch sizes), which differ from the data set's length with drop_last=True or a sampler over a subset.

expect: test_train_epoch
message: loader=drop_last
mistake: contract-result
"""
# %% train_epoch
def train_epoch(model, loader, loss, optim, device):
    model.train()
    loss_sum = torch.zeros((), device=device)
    right = torch.zeros((), device=device)
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
    n = len(loader.dataset)
    return (loss_sum / n).item(), (right / n).item()
