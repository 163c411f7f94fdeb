"""Takes every k-th index of the permutation as a batch (order[b::n_batches]): the wrong batches.

expect: test_train_epoch
message: in the wrong order
"""
# %% train_epoch
def train_epoch(params, X, Y, eta, batch_size, generator=None):
    order = torch.randperm(X.shape[0], generator=generator, device=X.device)
    n_batches = (X.shape[0] + batch_size - 1) // batch_size
    for b in range(n_batches):
        batch = order[b::n_batches]
        Yhat, outputs = forward(params, X[batch])
        grads = backward(params, outputs, Y[batch])
        params = sgd(params, grads, eta)
    return params
