"""Converts the loss to a Python number with .item() before calling backward on it.

expect: test_train_step
message: call backward() on the tensor L
mistake: backward-on-number
"""
# %% train_step
def train_step(params, X, Y, eta):
    Yhat, _ = forward(params, X)
    L, acc = loss_accuracy(Yhat, Y)
    L = L.item()
    L.backward()
    sgd_autograd(params, eta)
    return L, acc.item()
