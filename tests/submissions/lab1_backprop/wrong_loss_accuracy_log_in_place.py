"""Takes the log of Yhat in place (Yhat.log_()): right numbers, but the caller's Yhat is destroyed.

expect: test_loss_accuracy
message: changed its input Yhat in place
mistake: changes-input-in-place
"""
# %% loss_accuracy
def loss_accuracy(Yhat, Y):
    acc = (Yhat.argmax(dim=1) == Y.argmax(dim=1)).float().mean()
    L = -(Y * Yhat.log_()).sum(dim=1).mean()
    return L, acc
