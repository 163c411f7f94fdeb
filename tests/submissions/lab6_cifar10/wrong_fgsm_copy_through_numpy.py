"""Copies X through NumPy to get a leaf that requires grad: right on the CPU, but the copy lands on
the CPU whatever X's device (the hidden test on the meta device, standing in for a GPU).

expect: test_fgsm
message: On a GPU it fails the same way
mistake: numpy-on-device
"""
# %% fgsm
def fgsm(model, X, y, eps):
    X_ = torch.tensor(X.detach().numpy(), requires_grad=True)
    grad, = torch.autograd.grad(F.cross_entropy(model(X_), y), X_)
    return (X_ + eps * grad.sign()).detach()
