"""Switches to eval mode for the gradient and restores the mode after: the model comes back as it
was, but the gradient is not the one of the model as it was given (train mode: dropout on).

expect: test_fgsm
message: the gradient was taken in eval mode
"""
# %% fgsm
def fgsm(model, X, y, eps):
    was_training = model.training
    model.eval()
    X_ = X.detach().clone().requires_grad_(True)
    grad, = torch.autograd.grad(F.cross_entropy(model(X_), y), X_)
    model.train(was_training)
    return (X_ + eps * grad.sign()).detach()
