"""Counts the right predictions and divides by n, returning a Python float.

expect: none
"""
# %% loss_accuracy
def loss_accuracy(loss, Ytilde, Y):
    y = torch.argmax(Y, 1)
    L = loss(Ytilde, y)
    acc = (torch.argmax(Ytilde, 1) == y).sum().item() / len(Y)
    return L, acc
