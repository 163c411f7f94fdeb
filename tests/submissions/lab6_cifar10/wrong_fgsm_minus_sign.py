"""Steps like gradient descent, X - eps * sign(grad): lowers the loss instead of raising it.

expect: test_fgsm
message: it goes down the loss
"""
# %% fgsm
def fgsm(model, X, y, eps):
    X_ = X.detach().clone().requires_grad_(True)
    F.cross_entropy(model(X_), y).backward()
    X_adv = X_ - eps * X_.grad.sign()
    model.zero_grad()
    return X_adv.detach()
