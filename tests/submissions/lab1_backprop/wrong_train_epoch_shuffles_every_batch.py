"""Draws a new permutation for every batch.

expect: test_train_epoch
message: drawn for every batch
mistake: shuffles-every-batch
"""
# %% train_epoch
def train_epoch(params, X, Y, eta, batch_size, generator=None):
    n = X.shape[0]
    for start in range(0, n, batch_size):
        batch = torch.randperm(n, generator=generator, device=X.device)[start:start + batch_size]
        Yhat, outputs = forward(params, X[batch])
        grads = backward(params, outputs, Y[batch])
        params = sgd(params, grads, eta)
    return params
