"""Returns the vector of per-sample losses instead of their mean.

expect: test_loss_accuracy
message: expected a 0-dim tensor
mistake: per-sample-loss
"""
# %% loss_accuracy
def loss_accuracy(Yhat, Y):
    L = -(Y * torch.log(Yhat)).sum(dim=1)
    acc = (Yhat.argmax(dim=1) == Y.argmax(dim=1)).float().mean()
    return L, acc
