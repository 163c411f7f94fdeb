"""Returns the loss with its graph: the text returns it detach()ed (a caller recording it would keep every graph).

expect: test_train_step_optim
message: L still carries an autograd graph
mistake: contract-result
"""
# %% train_step_optim
def train_step_optim(model, loss, optim, X, Y):
    optim.zero_grad(set_to_none=False)
    Ytilde = model(X)
    L = loss(Ytilde, Y)
    acc = (Ytilde.argmax(dim=1) == Y.argmax(dim=1)).float().mean()
    L.backward()
    optim.step()
    return L, acc
