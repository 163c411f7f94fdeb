"""Sums the loss instead of averaging it: the gradient is n times larger, its sign the same.

expect: none
"""
# %% fgsm
def fgsm(model, X, y, eps):
    X_ = X.detach().requires_grad_()
    with torch.enable_grad():
        g = torch.autograd.grad(F.cross_entropy(model(X_), y, reduction="sum"), [X_])[0]
    return X.detach() + eps * g.sign()
