"""Resets the gradients between backward() and the update (zero_grad in the wrong place): every step is zero.

expect: test_train_step
message: the gradients were reset between L.backward() and sgd_autograd
mistake: zero-grad-before-update
"""
# %% train_step
def train_step(params, X, Y, eta):
    Yhat, _ = forward(params, X)
    L, acc = loss_accuracy(Yhat, Y)
    L.backward()
    for p in params.values():
        p.grad.zero_()
    sgd_autograd(params, eta)
    return L, acc
