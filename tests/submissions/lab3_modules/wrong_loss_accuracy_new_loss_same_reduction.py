"""Builds its own nn.CrossEntropyLoss with the reduction of the one given: the class weights of the `loss` given are lost (hidden test).

expect: test_loss_accuracy
message: the class weights of the `loss` given were ignored
mistake: ignores-loss-argument
"""
# %% loss_accuracy
def loss_accuracy(loss, Ytilde, Y):
    y = Y.argmax(dim=1)
    L = nn.CrossEntropyLoss(reduction=loss.reduction)(Ytilde, y)
    acc = (Ytilde.argmax(dim=1) == y).float().mean()
    return L, acc
