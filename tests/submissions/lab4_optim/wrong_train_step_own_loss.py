"""Computes the loss with F.cross_entropy instead of the `loss` given: right only for a default nn.CrossEntropyLoss (hidden test: reduction="sum" and class weights).

expect: test_train_step_optim
message: not the `loss` given
mistake: ignores-loss-argument
"""
# %% train_step_optim
def train_step_optim(model, loss, optim, X, Y):
    optim.zero_grad()
    Ytilde = model(X)
    L = F.cross_entropy(Ytilde, Y.argmax(dim=1))
    acc = (Ytilde.argmax(dim=1) == Y.argmax(dim=1)).float().mean()
    L.backward()
    optim.step()
    return L.detach(), acc
