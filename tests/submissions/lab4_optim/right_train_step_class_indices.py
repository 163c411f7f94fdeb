"""Gives the loss class indices; returns L detached (a 0-dim tensor, as the docstring says) and acc a Python float.

expect: none
"""
# %% train_step_optim
def train_step_optim(model, loss, optim, X, Y):
    y = Y.argmax(dim=1)
    optim.zero_grad()
    Ytilde = model(X)
    L = loss(Ytilde, y)
    L.backward()
    optim.step()
    return L.detach(), (Ytilde.argmax(dim=1) == y).sum().item() / len(y)
