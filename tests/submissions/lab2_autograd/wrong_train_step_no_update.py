"""Computes the gradients but never calls sgd_autograd.

expect: test_train_step
message: call sgd_autograd, and do not reset
mistake: no-update
"""
# %% train_step
def train_step(params, X, Y, eta):
    Yhat, _ = forward(params, X)
    L, acc = loss_accuracy(Yhat, Y)
    L.backward()
    return L, acc
