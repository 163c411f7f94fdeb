"""Computes the loss with F.nll_loss on the logits (it expects log-probabilities).

expect: test_loss_accuracy
message: F.nll_loss applied to the logits
mistake: nll-on-logits
"""
# %% loss_accuracy
def loss_accuracy(loss, Ytilde, Y):
    y = Y.argmax(dim=1)
    L = F.nll_loss(Ytilde, y)
    acc = (Ytilde.argmax(dim=1) == y).float().mean()
    return L, acc
