"""Right values, but loss.backward() leaves gradients in the model's parameters.

expect: test_fgsm
message: left gradients in the model's parameters
"""
# %% fgsm
def fgsm(model, X, y, eps):
    X_ = X.detach().clone().requires_grad_(True)
    F.cross_entropy(model(X_), y).backward()
    return (X_ + eps * X_.grad.sign()).detach()
