"""Runs the forward pass twice: once for the loss, once more (under no_grad) for the accuracy.

expect: test_train_step
message: it called forward(...) 2 times, the text says 1
mistake: contract-calls
"""
# %% train_step
def train_step(params, X, Y, eta):
    Yhat, _ = forward(params, X)
    L, _ = loss_accuracy(Yhat, Y)
    with torch.no_grad():
        _, acc = loss_accuracy(forward(params, X)[0], Y)
    L.backward()
    sgd_autograd(params, eta)
    return L, acc
