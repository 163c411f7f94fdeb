"""A while loop over the start index, index_select for the rows.

expect: none
"""
# %% train_epoch
def train_epoch(params, X, Y, eta, batch_size, generator=None):
    n = Y.shape[0]
    order = torch.randperm(n, generator=generator, device=X.device)
    start = 0
    while start < n:
        rows = order[start:min(start + batch_size, n)]
        Yhat, outputs = forward(params, X.index_select(0, rows))
        grads = backward(params, outputs, Y.index_select(0, rows))
        params = sgd(params, grads, eta)
        start += batch_size
    return params
