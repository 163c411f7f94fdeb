"""Returns the accuracy in percent.

expect: test_loss_accuracy
message: It is in percent
mistake: accuracy-in-percent
"""
# %% loss_accuracy
def loss_accuracy(loss, Ytilde, Y):
    y = Y.argmax(dim=1)
    L = loss(Ytilde, y)
    acc = 100 * (Ytilde.argmax(dim=1) == y).float().mean()
    return L, acc
