"""Runs the model a second time on the adversarial images (to see how many it now fools): two forward
passes where the text has one (in train mode the second draws dropout masks from the caller's generator).

expect: test_fgsm
message: it called model(...) 2 times
mistake: contract-forward-calls
"""
# %% fgsm
def fgsm(model, X, y, eps):
    X_ = X.detach().clone().requires_grad_(True)
    grad, = torch.autograd.grad(F.cross_entropy(model(X_), y), X_)
    X_adv = (X_ + eps * grad.sign()).detach()
    with torch.no_grad():
        fooled = (model(X_adv).argmax(dim=1) != y).sum().item()  # noqa: F841  (kept to report it)
    return X_adv
