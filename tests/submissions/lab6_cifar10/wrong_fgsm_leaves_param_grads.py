"""Right values, but loss.backward() adds to the gradients the model's parameters held.

expect: test_fgsm
message: changed the gradients the model's parameters held before the call
mistake: adds-to-param-grads
"""
# %% fgsm
def fgsm(model, X, y, eps):
    X_ = X.detach().clone().requires_grad_(True)
    F.cross_entropy(model(X_), y).backward()
    return (X_ + eps * X_.grad.sign()).detach()
