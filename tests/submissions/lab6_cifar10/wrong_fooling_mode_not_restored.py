"""Calls model.eval() and leaves it there: the caller's model, given in train mode, comes back in
eval mode.

expect: test_fooling_image
message: left the model in eval mode
mistake: mode-not-restored
"""
# %% fooling_image
def fooling_image(model, target, steps=200, lr=0.05, shape=(3, 32, 32), generator=None):
    model.eval()
    p = next(model.parameters())
    x = (0.01 * torch.randn(shape, generator=generator, device=p.device, dtype=p.dtype)).requires_grad_(True)
    opt = torch.optim.Adam([x], lr=lr)
    for _ in range(steps):
        x.grad, = torch.autograd.grad(-F.log_softmax(model(x[None]), dim=1)[0, target], x)
        opt.step()
    with torch.no_grad():
        conf = F.softmax(model(x[None]), dim=1)[0, target].item()
    return x.detach(), conf
