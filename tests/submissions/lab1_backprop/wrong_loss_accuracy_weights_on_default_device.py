"""Averages with a weight vector torch.ones(n) / n created on the default device: fails on a GPU.

expect: test_loss_accuracy
message: must follow its inputs' device
mistake: ignores-device
"""
# %% loss_accuracy
def loss_accuracy(Yhat, Y):
    n = Y.shape[0]
    weights = torch.ones(n, dtype=Yhat.dtype) / n
    L = -(weights * (Y * torch.log(Yhat)).sum(dim=1)).sum()
    acc = (Yhat.argmax(dim=1) == Y.argmax(dim=1)).float().mean()
    return L, acc
