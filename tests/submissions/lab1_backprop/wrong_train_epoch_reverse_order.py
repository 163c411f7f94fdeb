"""Goes through the batches from the end of the permutation.

expect: test_train_epoch
message: reverse order
mistake: reverse-order
"""
# %% train_epoch
def train_epoch(params, X, Y, eta, batch_size, generator=None):
    order = torch.randperm(X.shape[0], generator=generator, device=X.device)
    for start in reversed(range(0, X.shape[0], batch_size)):
        batch = order[start:start + batch_size]
        Yhat, outputs = forward(params, X[batch])
        grads = backward(params, outputs, Y[batch])
        params = sgd(params, grads, eta)
    return params
