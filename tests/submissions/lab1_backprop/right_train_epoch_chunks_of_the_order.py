"""Uses order.split and counts the batches.

expect: none
"""
# %% train_epoch
def train_epoch(params, X, Y, eta, batch_size, generator=None):
    order = torch.randperm(X.shape[0], device=X.device, generator=generator)
    batches = order.split(batch_size)
    for k in range(len(batches)):
        Xb, Yb = X[batches[k]], Y[batches[k]]
        Yhat, outputs = forward(params, Xb)
        grads = backward(params, outputs, Yb)
        params = sgd(params, grads, eta)
    return params
