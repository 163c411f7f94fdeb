"""Applies a softmax to the logits before the cross-entropy loss.

expect: test_loss_accuracy
message: a softmax was applied before the loss
mistake: softmax-before-loss
"""
# %% loss_accuracy
def loss_accuracy(loss, Ytilde, Y):
    y = Y.argmax(dim=1)
    L = loss(torch.softmax(Ytilde, dim=1), y)
    acc = (Ytilde.argmax(dim=1) == y).float().mean()
    return L, acc
