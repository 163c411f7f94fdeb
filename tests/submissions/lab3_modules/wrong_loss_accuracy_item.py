"""Returns L.item(), a float: the training loop cannot call L.backward().

expect: test_loss_accuracy
message: no .item() or float()
mistake: loss-item
"""
# %% loss_accuracy
def loss_accuracy(loss, Ytilde, Y):
    y = Y.argmax(dim=1)
    L = loss(Ytilde, y).item()
    acc = (Ytilde.argmax(dim=1) == y).float().mean().item()
    return L, acc
