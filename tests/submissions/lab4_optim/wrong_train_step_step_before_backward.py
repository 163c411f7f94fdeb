"""Calls optim.step() before L.backward(): the step finds no gradient, nothing moves.

expect: test_train_step_optim
message: the parameters did not move
mistake: no-step
"""
# %% train_step_optim
def train_step_optim(model, loss, optim, X, Y):
    optim.zero_grad()
    Ytilde = model(X)
    L = loss(Ytilde, Y)
    acc = (Ytilde.argmax(dim=1) == Y.argmax(dim=1)).float().mean()
    optim.step()
    L.backward()
    return L, acc
