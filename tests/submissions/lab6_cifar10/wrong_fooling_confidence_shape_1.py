"""Returns the confidence as a tensor of shape (1,) (the batch dimension kept): the text says a float or
a 0-dim tensor.

expect: test_fooling_image
message: the confidence is a Tensor of shape (1,)
mistake: contract-result
"""
# %% fooling_image
def fooling_image(model, target, steps=200, lr=0.05, shape=(3, 32, 32), generator=None):
    p = next(model.parameters())
    x = (0.01 * torch.randn(shape, generator=generator, device=p.device, dtype=p.dtype)).requires_grad_(True)
    optimizer = torch.optim.Adam([x], lr=lr)
    was_training = model.training
    model.eval()
    try:
        for _ in range(steps):
            loss = -F.log_softmax(model(x[None]), dim=1)[0, target]
            x.grad, = torch.autograd.grad(loss, x)
            optimizer.step()
        with torch.no_grad():
            confidence = F.softmax(model(x[None]), dim=1)[:, target]
    finally:
        model.train(was_training)
    return x.detach(), confidence
