"""Forgets the minus sign of the cross-entropy: L is negative.

expect: test_loss_accuracy
message: it has the wrong sign
mistake: missing-minus
"""
# %% loss_accuracy
def loss_accuracy(Yhat, Y):
    L = (Y * torch.log(Yhat)).sum(dim=1).mean()
    acc = (Yhat.argmax(dim=1) == Y.argmax(dim=1)).float().mean()
    return L, acc
