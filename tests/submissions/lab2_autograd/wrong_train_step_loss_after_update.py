"""Returns the loss and accuracy recomputed after the update.

expect: test_train_step
message: It is the loss after the update
mistake: loss-after-update
"""
# %% train_step
def train_step(params, X, Y, eta):
    Yhat, _ = forward(params, X)
    L, acc = loss_accuracy(Yhat, Y)
    L.backward()
    sgd_autograd(params, eta)
    Yhat, _ = forward(params, X)
    return loss_accuracy(Yhat, Y)
