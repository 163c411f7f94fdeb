"""Returns X_adv still attached to the graph (it requires grad).

expect: test_fgsm
message: X_adv requires grad
mistake: not-detached
"""
# %% fgsm
def fgsm(model, X, y, eps):
    X_ = X.detach().clone().requires_grad_(True)
    grad, = torch.autograd.grad(F.cross_entropy(model(X_), y), X_)
    return X_ + eps * grad.sign()
