"""Runs the forward pass under torch.no_grad(): the loss has no graph to differentiate.

expect: test_train_step
message: L is not connected to the parameters
mistake: loss-without-grad
"""
# %% train_step
def train_step(params, X, Y, eta):
    with torch.no_grad():
        Yhat, _ = forward(params, X)
        L, acc = loss_accuracy(Yhat, Y)
    L.backward()
    sgd_autograd(params, eta)
    return L, acc
