"""Returns the loss as a Python float (L.item()): the docstring says a 0-dim tensor, detached.

expect: test_train_step_optim
message: L is a float, the text says a torch.Tensor of shape ()
mistake: contract-result
"""
# %% train_step_optim
def train_step_optim(model, loss, optim, X, Y):
    y = Y.argmax(dim=1)
    optim.zero_grad()
    Ytilde = model(X)
    L = loss(Ytilde, y)
    L.backward()
    optim.step()
    return L.item(), (Ytilde.argmax(dim=1) == y).sum().item() / len(y)
