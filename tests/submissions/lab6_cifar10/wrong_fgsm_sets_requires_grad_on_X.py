"""Differentiates with respect to X itself: values right, but X now requires grad and holds a .grad.

expect: test_fgsm
message: changed X.requires_grad
mistake: sets-requires-grad-on-x
"""
# %% fgsm
def fgsm(model, X, y, eps):
    X.requires_grad_(True)
    loss = F.cross_entropy(model(X), y)
    grad, = torch.autograd.grad(loss, X)
    return (X + eps * grad.sign()).detach()
