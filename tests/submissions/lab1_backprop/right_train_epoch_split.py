"""Cuts the permutation with torch.split.

expect: none
"""
# %% train_epoch
def train_epoch(params, X, Y, eta, batch_size, generator=None):
    order = torch.randperm(len(X), generator=generator, device=X.device)
    for batch in torch.split(order, batch_size):
        _, outputs = forward(params, X[batch])
        params = sgd(params, backward(params, outputs, Y[batch]), eta)
    return params
