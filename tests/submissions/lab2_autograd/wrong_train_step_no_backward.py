"""Forgets L.backward(): the grads are still None when sgd_autograd uses them.

expect: test_train_step
message: Call L.backward() first
mistake: no-backward
"""
# %% train_step
def train_step(params, X, Y, eta):
    Yhat, _ = forward(params, X)
    L, acc = loss_accuracy(Yhat, Y)
    sgd_autograd(params, eta)
    return L, acc
