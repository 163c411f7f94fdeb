"""Returns the log-probability of the target as the confidence.

expect: test_fooling_image
message: it is the log-probability
mistake: log-probability-confidence
"""
# %% fooling_image
def fooling_image(model, target, steps=200, lr=0.05, shape=(3, 32, 32), generator=None):
    p = next(model.parameters())
    x = (0.01 * torch.randn(shape, generator=generator, device=p.device, dtype=p.dtype)).requires_grad_(True)
    opt = torch.optim.Adam([x], lr=lr)
    was_training = model.training
    model.eval()
    for _ in range(steps):
        x.grad, = torch.autograd.grad(-F.log_softmax(model(x[None]), dim=1)[0, target], x)
        opt.step()
    with torch.no_grad():
        conf = F.log_softmax(model(x[None]), dim=1)[0, target].item()
    model.train(was_training)
    return x.detach(), conf
