"""Returns Python numbers (.item() after backward).

expect: none
"""
# %% train_step
def train_step(params, X, Y, eta):
    Yhat, _ = forward(params, X)
    L, acc = loss_accuracy(Yhat, Y)
    L.backward()
    sgd_autograd(params, eta)
    return L.item(), acc.item()
