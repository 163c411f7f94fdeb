"""Takes the gradient of the loss with respect to the first layer's weights, not the input.

expect: test_fgsm
message: with respect to the input X, not the model's weights
mistake: perturbation-shape
"""
# %% fgsm
def fgsm(model, X, y, eps):
    loss = F.cross_entropy(model(X), y)
    grads = torch.autograd.grad(loss, list(model.parameters()))
    return (X + eps * grads[0].sign()).detach()
