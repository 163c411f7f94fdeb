"""Turns X itself into the adversarial images, in place.

expect: test_fgsm
message: modified X in place
mistake: changes-input-in-place
"""
# %% fgsm
def fgsm(model, X, y, eps):
    X.requires_grad_(True)
    grad, = torch.autograd.grad(F.cross_entropy(model(X), y), X)
    X.requires_grad_(False)
    with torch.no_grad():
        X += eps * grad.sign()
    return X
