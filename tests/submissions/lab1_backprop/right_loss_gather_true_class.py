"""Picks the log-probability of each sample's true class with gather; accuracy as count / n.

expect: none
"""
# %% loss_accuracy
def loss_accuracy(Yhat, Y):
    n = Y.shape[0]
    y = Y.argmax(dim=1, keepdim=True)
    L = -torch.log(Yhat.gather(1, y)).mean()
    acc = (Yhat.argmax(dim=1, keepdim=True) == y).sum().item() / n
    return L, acc
