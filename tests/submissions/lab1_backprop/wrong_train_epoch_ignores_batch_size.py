"""Uses batches of 10 whatever batch_size it is given.

expect: test_train_epoch
message: use the batch_size argument
mistake: ignores-batch-size
"""
# %% train_epoch
def train_epoch(params, X, Y, eta, batch_size, generator=None):
    order = torch.randperm(X.shape[0], generator=generator, device=X.device)
    for start in range(0, X.shape[0], 10):
        batch = order[start:start + 10]
        Yhat, outputs = forward(params, X[batch])
        grads = backward(params, outputs, Y[batch])
        params = sgd(params, grads, eta)
    return params
