"""Passes the one-hot targets as integers: torch reads a 2-D target as probabilities, which must be floats.

expect: test_loss_accuracy
message: pass the float Y itself
mistake: one-hot-targets-not-float
"""
# %% loss_accuracy
def loss_accuracy(loss, Ytilde, Y):
    L = loss(Ytilde, Y.long())
    acc = (Ytilde.argmax(dim=1) == Y.argmax(dim=1)).float().mean()
    return L, acc
