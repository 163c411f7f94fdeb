"""Clears the gradients after the step rather than before the backward pass.

expect: none
"""
# %% train_step_optim
def train_step_optim(model, loss, optim, X, Y):
    Ytilde = model(X)
    L = loss(Ytilde, Y)
    L.backward()
    optim.step()
    optim.zero_grad()
    acc = (Ytilde.argmax(dim=1) == Y.argmax(dim=1)).double().mean().item()
    return L.detach(), acc
