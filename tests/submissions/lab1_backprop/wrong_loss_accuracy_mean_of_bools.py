"""Averages the boolean tensor of matches without converting it to float.

expect: test_loss_accuracy
message: convert it first (.float())
mistake: mean-of-bools
"""
# %% loss_accuracy
def loss_accuracy(Yhat, Y):
    L = -(Y * torch.log(Yhat)).sum(dim=1).mean()
    acc = (Yhat.argmax(dim=1) == Y.argmax(dim=1)).mean()
    return L, acc
