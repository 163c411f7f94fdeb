"""Counts the samples as len(Yhat.squeeze()): for a batch of one row that is ny, not 1, and L
is ny times too small.

expect: test_loss_accuracy
message: n=1
mistake: contract-result
"""
# %% loss_accuracy
def loss_accuracy(Yhat, Y):
    n = len(Yhat.squeeze())
    L = -(Y * torch.log(Yhat)).sum() / n
    acc = (Yhat.argmax(dim=1) == Y.argmax(dim=1)).float().mean()
    return L, acc
