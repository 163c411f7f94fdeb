"""Plain gradient ascent x <- x + lr * grad log p[target], the mode restored in a finally block.

expect: none
"""
# %% fooling_image
def fooling_image(model, target, steps=200, lr=0.05, shape=(3, 32, 32), generator=None):
    w = next(model.parameters())
    x = 0.01 * torch.randn(*shape, generator=generator, device=w.device, dtype=w.dtype)
    was_training = model.training
    model.eval()
    try:
        for _ in range(steps):
            x.requires_grad_(True)
            log_p = torch.log_softmax(model(x.unsqueeze(0)), dim=-1)[0, target]
            grad, = torch.autograd.grad(log_p, x)
            x = (x + lr * grad).detach()
        with torch.no_grad():
            confidence = torch.softmax(model(x.unsqueeze(0)), dim=-1)[0, target]
    finally:
        model.train(was_training)
    return x, confidence
