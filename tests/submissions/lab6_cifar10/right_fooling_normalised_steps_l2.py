"""Normalised gradient steps (cs231n's habit) on log p[target] minus a small L2 penalty; the
confidence returned as a float.

expect: none
"""
# %% fooling_image
def fooling_image(model, target, steps=200, lr=0.05, shape=(3, 32, 32), generator=None):
    device, dtype = next(model.parameters()).device, next(model.parameters()).dtype
    image = torch.randn(shape, generator=generator, device=device, dtype=dtype) * 0.05
    mode = model.training
    model.eval()
    for _ in range(steps):
        image.requires_grad_()
        objective = F.log_softmax(model(image[None]), 1)[0, target] - 1e-4 * image.pow(2).sum()
        g = torch.autograd.grad(objective, image)[0]
        with torch.no_grad():
            image = image + lr * g / (g.norm() + 1e-12)
    with torch.no_grad():
        p = F.softmax(model(image[None]), 1)[0, target].item()
    model.train(mode)
    return image.detach(), float(p)
