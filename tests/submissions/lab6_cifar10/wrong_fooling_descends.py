"""Gradient descent on the target's log-probability (x -= lr * grad): the target becomes the class
the network is surest the image is not.

expect: test_fooling_image
message: It went down, not up
mistake: descends
"""
# %% fooling_image
def fooling_image(model, target, steps=200, lr=0.05, shape=(3, 32, 32), generator=None):
    p = next(model.parameters())
    x = 0.01 * torch.randn(shape, generator=generator, device=p.device, dtype=p.dtype)
    was_training = model.training
    model.eval()
    for _ in range(steps):
        x.requires_grad_(True)
        log_p = F.log_softmax(model(x[None]), dim=1)[0, target]
        grad, = torch.autograd.grad(log_p, x)
        x = (x - lr * grad / (grad.norm() + 1e-12)).detach()
    with torch.no_grad():
        conf = F.softmax(model(x[None]), dim=1)[0, target].item()
    model.train(was_training)
    return x, conf
