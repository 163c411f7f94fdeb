"""loss.backward() with the parameters frozen for the duration (requires_grad off, then restored):
only the copy of X gets a .grad; the parameters' .grad are never touched.

expect: none
"""
# %% fgsm
def fgsm(model, X, y, eps):
    params = [p for p in model.parameters() if p.requires_grad]
    for p in params:
        p.requires_grad_(False)
    try:
        X_ = X.clone().detach().requires_grad_()
        F.cross_entropy(model(X_), y).backward()
    finally:
        for p in params:
            p.requires_grad_(True)
    return (X + eps * X_.grad.sign()).detach()
