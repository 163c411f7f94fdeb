"""Returns the confidence read in the last step's forward pass, before that step's update: not the
returned image's.

expect: test_fooling_image
message: Compute it on the returned image, after the last step
mistake: confidence-before-last-step
"""
# %% fooling_image
def fooling_image(model, target, steps=200, lr=0.05, shape=(3, 32, 32), generator=None):
    p = next(model.parameters())
    x = (0.01 * torch.randn(shape, generator=generator, device=p.device, dtype=p.dtype)).requires_grad_(True)
    opt = torch.optim.Adam([x], lr=lr)
    was_training = model.training
    model.eval()
    conf = 0.0
    for _ in range(steps):
        log_p = F.log_softmax(model(x[None]), dim=1)[0, target]
        conf = log_p.exp().item()
        x.grad, = torch.autograd.grad(-log_p, x)
        opt.step()
    model.train(was_training)
    return x.detach(), conf
