"""Calls L.backward() itself (keeping the graph): the training loop's backward then adds the gradients a second time.

expect: test_loss_accuracy
message: loss_accuracy called backward()
mistake: calls-backward
"""
# %% loss_accuracy
def loss_accuracy(loss, Ytilde, Y):
    y = Y.argmax(dim=1)
    L = loss(Ytilde, y)
    L.backward(retain_graph=True)
    acc = (Ytilde.argmax(dim=1) == y).float().mean()
    return L, acc
