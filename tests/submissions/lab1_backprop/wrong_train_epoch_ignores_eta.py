"""Steps with the notebook's learning rate 0.3 instead of its eta argument.

expect: test_train_epoch
message: pass its own eta on
mistake: ignores-eta
"""
# %% train_epoch
def train_epoch(params, X, Y, eta, batch_size, generator=None):
    order = torch.randperm(X.shape[0], generator=generator, device=X.device)
    for start in range(0, X.shape[0], batch_size):
        batch = order[start:start + batch_size]
        Yhat, outputs = forward(params, X[batch])
        grads = backward(params, outputs, Y[batch])
        params = sgd(params, grads, 0.3)
    return params
