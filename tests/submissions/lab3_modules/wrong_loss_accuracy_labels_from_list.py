"""Rebuilds the class indices from a Python list: a CPU tensor, wrong on a GPU (hidden test on the meta device).

expect: test_loss_accuracy
message: On a GPU it fails the same way
mistake: ignores-device
"""
# %% loss_accuracy
def loss_accuracy(loss, Ytilde, Y):
    y = torch.tensor(Y.argmax(dim=1).tolist())
    L = loss(Ytilde, y)
    acc = (Ytilde.argmax(dim=1).cpu() == y).float().mean().item()
    return L, acc
