"""Shuffles X and Y themselves, in place, then takes consecutive slices.

expect: test_train_epoch
message: changed X in place
mistake: shuffles-data-in-place
"""
# %% train_epoch
def train_epoch(params, X, Y, eta, batch_size, generator=None):
    order = torch.randperm(X.shape[0], generator=generator, device=X.device)
    X[:], Y[:] = X[order], Y[order]
    for start in range(0, X.shape[0], batch_size):
        Yhat, outputs = forward(params, X[start:start + batch_size])
        grads = backward(params, outputs, Y[start:start + batch_size])
        params = sgd(params, grads, eta)
    return params
