"""Returns the accuracy in percent.

expect: test_loss_accuracy
message: It is in percent
mistake: accuracy-in-percent
"""
# %% loss_accuracy
def loss_accuracy(Yhat, Y):
    L = -(Y * torch.log(Yhat)).sum(dim=1).mean()
    acc = 100 * (Yhat.argmax(dim=1) == Y.argmax(dim=1)).float().mean()
    return L, acc
