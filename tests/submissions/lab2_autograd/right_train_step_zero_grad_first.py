"""Resets every gradient at the start of the step too (as optimizer.zero_grad() before backward).

expect: none
"""
# %% train_step
def train_step(params, X, Y, eta):
    for p in params.values():
        p.grad = None
    Yhat, outputs = forward(params, X)
    L, acc = loss_accuracy(Yhat, Y)
    L.backward()
    params = sgd_autograd(params, eta)
    return L, acc
