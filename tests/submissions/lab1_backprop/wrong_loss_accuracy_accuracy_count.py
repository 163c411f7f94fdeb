"""Returns the number of right predictions, not the fraction.

expect: test_loss_accuracy
message: It is the number of right predictions
mistake: accuracy-count
"""
# %% loss_accuracy
def loss_accuracy(Yhat, Y):
    L = -(Y * torch.log(Yhat)).sum(dim=1).mean()
    acc = (Yhat.argmax(dim=1) == Y.argmax(dim=1)).sum()
    return L, acc
