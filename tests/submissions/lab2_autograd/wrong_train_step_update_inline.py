"""Writes the update inline instead of calling sgd_autograd, as the text's third step says.

expect: test_train_step
message: it called sgd_autograd(...) 0 times, the text says 1
mistake: contract-calls
"""
# %% train_step
def train_step(params, X, Y, eta):
    Yhat, _ = forward(params, X)
    L, acc = loss_accuracy(Yhat, Y)
    L.backward()
    with torch.no_grad():
        for p in params.values():
            p -= eta * p.grad
            p.grad = None
    return L, acc
