"""Shuffles X but takes the targets of the stored order.

expect: test_train_epoch
message: targets that are not those
mistake: targets-not-shuffled
"""
# %% train_epoch
def train_epoch(params, X, Y, eta, batch_size, generator=None):
    order = torch.randperm(X.shape[0], generator=generator, device=X.device)
    for start in range(0, X.shape[0], batch_size):
        batch = order[start:start + batch_size]
        Yhat, outputs = forward(params, X[batch])
        grads = backward(params, outputs, Y[start:start + batch_size])
        params = sgd(params, grads, eta)
    return params
