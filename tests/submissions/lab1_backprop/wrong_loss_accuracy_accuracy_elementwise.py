"""Compares the probabilities Yhat with the one-hot Y entry by entry instead of comparing classes.

expect: test_loss_accuracy
message: compare the predicted classes
mistake: accuracy-elementwise
"""
# %% loss_accuracy
def loss_accuracy(Yhat, Y):
    L = -(Y * torch.log(Yhat)).sum(dim=1).mean()
    acc = (Yhat == Y).float().mean()
    return L, acc
