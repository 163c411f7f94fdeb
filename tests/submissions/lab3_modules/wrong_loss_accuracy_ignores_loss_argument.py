"""Ignores the `loss` given and calls F.cross_entropy: right for the default loss only (hidden test).

expect: test_loss_accuracy
message: compute L with the `loss` argument
mistake: ignores-loss-argument
"""
# %% loss_accuracy
def loss_accuracy(loss, Ytilde, Y):
    y = Y.argmax(dim=1)
    L = F.cross_entropy(Ytilde, y)
    acc = (Ytilde.argmax(dim=1) == y).float().mean()
    return L, acc
