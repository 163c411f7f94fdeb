"""Detaches the parameters before the forward pass (copied from an evaluation cell): no gradient reaches them.

expect: test_train_step
message: detached tensors
mistake: loss-without-grad
"""
# %% train_step
def train_step(params, X, Y, eta):
    Yhat, _ = forward({k: p.detach() for k, p in params.items()}, X)
    L, acc = loss_accuracy(Yhat, Y)
    L.backward()
    sgd_autograd(params, eta)
    return L, acc
