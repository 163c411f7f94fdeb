"""Passes the one-hot Y as class probabilities: loss(Ytilde, Y) equals loss(Ytilde, Y.argmax(1)).

expect: none
"""
# %% loss_accuracy
def loss_accuracy(loss, Ytilde, Y):
    L = loss(Ytilde, Y)
    acc = (torch.softmax(Ytilde, dim=1).argmax(dim=1) == Y.argmax(dim=1)).float().mean()
    return L, acc
