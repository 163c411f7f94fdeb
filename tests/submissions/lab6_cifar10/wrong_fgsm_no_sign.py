"""Steps along the raw gradient: forgets the sign.

expect: test_fgsm
message: the sign is missing
"""
# %% fgsm
def fgsm(model, X, y, eps):
    X_ = X.detach().clone().requires_grad_(True)
    grad, = torch.autograd.grad(F.cross_entropy(model(X_), y), X_)
    return (X_ + eps * grad).detach()
