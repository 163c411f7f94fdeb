"""Averages -log Yhat over every class, forgetting to weight it by the one-hot targets Y.

expect: test_loss_accuracy
message: multiply by the one-hot Y
mistake: forgets-targets
"""
# %% loss_accuracy
def loss_accuracy(Yhat, Y):
    L = -torch.log(Yhat).sum(dim=1).mean()
    acc = (Yhat.argmax(dim=1) == Y.argmax(dim=1)).float().mean()
    return L, acc
