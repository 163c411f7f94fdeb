"""Stops as soon as the target's probability reaches 0.99: the text says exactly `steps` steps.

expect: test_fooling_image
message: the text says at least
mistake: contract-forward-calls
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
            log_p = F.log_softmax(model(x[None]), dim=1)[0, target]
            if log_p.exp().item() >= 0.99:
                break
            x.grad, = torch.autograd.grad(-log_p, x)
            optimizer.step()
        with torch.no_grad():
            confidence = F.softmax(model(x[None]), dim=1)[0, target].item()
    finally:
        model.train(was_training)
    return x.detach(), confidence
