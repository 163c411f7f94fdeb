"""Steps with the notebook's learning rate 0.3 whatever eta it is given.

expect: test_train_step
message: pass its own eta on
mistake: ignores-eta
"""
# %% train_step
def train_step(params, X, Y, eta):
    Yhat, _ = forward(params, X)
    L, acc = loss_accuracy(Yhat, Y)
    L.backward()
    sgd_autograd(params, 0.3)
    return L, acc
