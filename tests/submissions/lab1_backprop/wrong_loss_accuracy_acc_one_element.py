"""Returns acc as a tensor of shape (1,), where the text says a number (a float or a 0-dim tensor).

expect: test_loss_accuracy
message: the text says a number
mistake: contract-result
"""
# %% loss_accuracy
def loss_accuracy(Yhat, Y):
    L = -(Y * torch.log(Yhat)).sum(dim=1).mean()
    acc = (Yhat.argmax(dim=1) == Y.argmax(dim=1)).float().mean().reshape(1)
    return L, acc
