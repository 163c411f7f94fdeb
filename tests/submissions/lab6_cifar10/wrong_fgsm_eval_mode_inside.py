"""Calls model.eval() inside the attack and leaves the model in eval mode (right in eval mode,
which the visible test uses; a model handed over in train mode comes back changed).

expect: test_fgsm
message: left the model in eval mode
mistake: mode-not-restored
"""
# %% fgsm
def fgsm(model, X, y, eps):
    model.eval()
    X_ = X.detach().clone().requires_grad_(True)
    grad, = torch.autograd.grad(F.cross_entropy(model(X_), y), X_)
    return (X_ + eps * grad.sign()).detach()
