"""Goes through the rows in their stored order.

expect: test_train_epoch
message: stored order
mistake: no-shuffle
"""
# %% train_epoch
def train_epoch(params, X, Y, eta, batch_size, generator=None):
    order = torch.arange(X.shape[0], device=X.device)
    for start in range(0, X.shape[0], batch_size):
        batch = order[start:start + batch_size]
        Yhat, outputs = forward(params, X[batch])
        grads = backward(params, outputs, Y[batch])
        params = sgd(params, grads, eta)
    return params
