"""Builds a new torch.optim.SGD at each step with the rate of the one given: its momentum and state are lost (hidden test with momentum).

expect: test_train_step_optim
message: it is the step of a new optimizer
mistake: own-optimizer
"""
# %% train_step_optim
def train_step_optim(model, loss, optim, X, Y):
    sgd = torch.optim.SGD(model.parameters(), lr=optim.param_groups[0]["lr"])
    sgd.zero_grad()
    Ytilde = model(X)
    L = loss(Ytilde, Y)
    acc = (Ytilde.argmax(dim=1) == Y.argmax(dim=1)).float().mean()
    L.backward()
    sgd.step()
    return L.detach(), acc
