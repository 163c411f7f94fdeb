"""Calls optim.step() twice per train step (once more "to be sure").

expect: test_train_step_optim
message: moved twice as far
mistake: steps-twice
"""
# %% train_step_optim
def train_step_optim(model, loss, optim, X, Y):
    optim.zero_grad()
    Ytilde = model(X)
    L = loss(Ytilde, Y)
    acc = (Ytilde.argmax(dim=1) == Y.argmax(dim=1)).float().mean()
    L.backward()
    optim.step()
    optim.step()
    return L, acc
