"""Puts the generator back to its seed after drawing the order: every epoch then sees the same
order, where the text shuffles each epoch (the generator is advanced by one randperm).

expect: test_train_epoch
message: was advanced or reseeded
mistake: contract-arguments
"""
# %% train_epoch
def train_epoch(params, X, Y, eta, batch_size, generator=None):
    order = torch.randperm(X.shape[0], generator=generator, device=X.device)
    if generator is not None:
        generator.manual_seed(generator.initial_seed())  # reproducible epochs
    for start in range(0, X.shape[0], batch_size):
        batch = order[start:start + batch_size]
        Yhat, outputs = forward(params, X[batch])
        grads = backward(params, outputs, Y[batch])
        params = sgd(params, grads, eta)
    return params
