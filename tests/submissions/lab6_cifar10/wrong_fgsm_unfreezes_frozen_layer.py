"""Freezes every parameter for backward(), then sets requires_grad=True on all of them: a layer the
caller had frozen comes back trainable.

expect: test_fgsm
message: requires_grad went from False to True
mistake: contract-arguments
"""
# %% fgsm
def fgsm(model, X, y, eps):
    for p in model.parameters():
        p.requires_grad_(False)
    X_ = X.detach().clone().requires_grad_(True)
    F.cross_entropy(model(X_), y).backward()
    for p in model.parameters():
        p.requires_grad_(True)
    return (X_ + eps * X_.grad.sign()).detach()
