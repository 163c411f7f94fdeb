"""Sums the per-sample losses instead of averaging them: L is n times too large.

expect: test_loss_accuracy
message: times too large: average over the samples
mistake: sum-not-mean
"""
# %% loss_accuracy
def loss_accuracy(Yhat, Y):
    L = -(Y * torch.log(Yhat)).sum()
    acc = (Yhat.argmax(dim=1) == Y.argmax(dim=1)).float().mean()
    return L, acc
