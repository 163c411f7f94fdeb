"""Returns the loss and accuracy recomputed after the step.

expect: test_train_step_optim
message: that is the loss after the step
mistake: loss-after-step
"""
# %% train_step_optim
def train_step_optim(model, loss, optim, X, Y):
    optim.zero_grad()
    L = loss(model(X), Y)
    L.backward()
    optim.step()
    with torch.no_grad():
        Ytilde = model(X)
        L = loss(Ytilde, Y)
        acc = (Ytilde.argmax(dim=1) == Y.argmax(dim=1)).float().mean()
    return L, acc
