"""Restarts the generator from its initial seed "to be reproducible": every epoch then shuffles the
data in the same order, where the text draws each epoch's order from the generator as it stands.

expect: test_train_epoch
message: generator (a generator) was advanced or reseeded otherwise
mistake: contract-arguments
"""
# %% train_epoch
def train_epoch(params, X, Y, eta, batch_size, generator=None):
    if generator is not None:
        generator.manual_seed(generator.initial_seed())
    order = torch.randperm(X.shape[0], generator=generator, device=X.device)
    for start in range(0, X.shape[0], batch_size):
        batch = order[start:start + batch_size]
        Yhat, outputs = forward(params, X[batch])
        grads = backward(params, outputs, Y[batch])
        params = sgd(params, grads, eta)
    return params
