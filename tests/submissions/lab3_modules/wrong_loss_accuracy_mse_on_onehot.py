"""Uses a squared error between the logits and the one-hot targets.

expect: test_loss_accuracy
message: squared error (MSELoss)
mistake: mse-loss
"""
# %% loss_accuracy
def loss_accuracy(loss, Ytilde, Y):
    L = nn.MSELoss()(Ytilde, Y)
    acc = (Ytilde.argmax(dim=1) == Y.argmax(dim=1)).float().mean()
    return L, acc
