"""Steps like gradient descent, X - eps * sign(grad): lowers the loss instead of raising it.

expect: test_fgsm
message: it goes down the loss
"""
# %% fgsm
def fgsm(model, X, y, eps):
    X_ = X.detach().clone().requires_grad_(True)
    grad, = torch.autograd.grad(F.cross_entropy(model(X_), y), X_)
    X_adv = X_ - eps * grad.sign()
    return X_adv.detach()
