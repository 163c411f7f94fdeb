"""Ends with model.train(): a model handed over in eval mode comes back in train mode (the text restores
the mode it had).

expect: test_fooling_image
message: was left in train mode
mistake: contract-arguments
"""
# %% fooling_image
def fooling_image(model, target, steps=200, lr=0.05, shape=(3, 32, 32), generator=None):
    p = next(model.parameters())
    x = (0.01 * torch.randn(shape, generator=generator, device=p.device, dtype=p.dtype)).requires_grad_(True)
    optimizer = torch.optim.Adam([x], lr=lr)
    model.eval()
    for _ in range(steps):
        loss = -F.log_softmax(model(x[None]), dim=1)[0, target]
        x.grad, = torch.autograd.grad(loss, x)
        optimizer.step()
    with torch.no_grad():
        confidence = F.softmax(model(x[None]), dim=1)[0, target].item()
    model.train()
    return x.detach(), confidence
