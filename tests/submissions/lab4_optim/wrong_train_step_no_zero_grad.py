"""Never clears the gradients: the second step also applies the first step's gradients.

expect: test_train_step_optim
message: the first call's gradients were added to the second's
mistake: no-zero-grad
"""
# %% train_step_optim
def train_step_optim(model, loss, optim, X, Y):
    Ytilde = model(X)
    L = loss(Ytilde, Y)
    acc = (Ytilde.argmax(dim=1) == Y.argmax(dim=1)).float().mean()
    L.backward()
    optim.step()
    return L, acc
