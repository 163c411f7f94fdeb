"""Returns the accuracy in percent.

expect: test_train_step_optim
message: it is in percent
mistake: accuracy-in-percent
"""
# %% train_step_optim
def train_step_optim(model, loss, optim, X, Y):
    optim.zero_grad()
    Ytilde = model(X)
    L = loss(Ytilde, Y)
    acc = 100 * (Ytilde.argmax(dim=1) == Y.argmax(dim=1)).float().mean()
    L.backward()
    optim.step()
    return L, acc
