"""Compares the logits with the one-hot targets by a binary cross-entropy per entry.

expect: test_loss_accuracy
message: binary cross-entropy of each entry
mistake: bce-on-onehot
"""
# %% loss_accuracy
def loss_accuracy(loss, Ytilde, Y):
    L = nn.BCEWithLogitsLoss()(Ytilde, Y)
    acc = (Ytilde.argmax(dim=1) == Y.argmax(dim=1)).float().mean()
    return L, acc
