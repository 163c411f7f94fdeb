"""Calls F.cross_entropy on the probabilities Yhat: it applies a second softmax.

expect: test_loss_accuracy
message: F.cross_entropy takes logits
mistake: cross-entropy-on-probabilities
"""
# %% loss_accuracy
def loss_accuracy(Yhat, Y):
    import torch.nn.functional as F
    L = F.cross_entropy(Yhat, Y.argmax(dim=1))
    acc = (Yhat.argmax(dim=1) == Y.argmax(dim=1)).float().mean()
    return L, acc
