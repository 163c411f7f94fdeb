"""Zeroes the gradients instead of setting them to None (the loss returned detached).

expect: none
"""
# %% train_step_optim
def train_step_optim(model, loss, optim, X, Y):
    optim.zero_grad(set_to_none=False)
    Ytilde = model(X)
    L = loss(Ytilde, Y)
    acc = (Ytilde.argmax(dim=1) == Y.argmax(dim=1)).float().mean()
    L.backward()
    optim.step()
    return L.detach(), acc
