"""Calls the model twice: once for the loss, once more (under no_grad) for the accuracy.

expect: test_train_step_optim
message: it called model(...) 2 times, the text says 1
mistake: contract-forward-calls
"""
# %% train_step_optim
def train_step_optim(model, loss, optim, X, Y):
    optim.zero_grad()
    L = loss(model(X), Y)
    with torch.no_grad():
        acc = (model(X).argmax(dim=1) == Y.argmax(dim=1)).float().mean()
    L.backward()
    optim.step()
    return L.detach(), acc
