"""Averages Y log Yhat over all n * ny entries: L is ny times too small.

expect: test_loss_accuracy
message: times too small: sum over the classes
mistake: mean-over-all-entries
"""
# %% loss_accuracy
def loss_accuracy(Yhat, Y):
    L = -(Y * torch.log(Yhat)).mean()
    acc = (Yhat.argmax(dim=1) == Y.argmax(dim=1)).float().mean()
    return L, acc
