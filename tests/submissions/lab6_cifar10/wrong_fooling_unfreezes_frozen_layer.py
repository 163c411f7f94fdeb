"""Freezes the parameters for backward(), then sets requires_grad=True on all of them: a layer the caller
had frozen comes back trainable.

expect: test_fooling_image
message: requires_grad went from False to True
mistake: contract-arguments
"""
# %% fooling_image
def fooling_image(model, target, steps=200, lr=0.05, shape=(3, 32, 32), generator=None):
    p = next(model.parameters())
    x = (0.01 * torch.randn(shape, generator=generator, device=p.device, dtype=p.dtype)).requires_grad_(True)
    optimizer = torch.optim.Adam([x], lr=lr)
    was_training = model.training
    model.eval()
    for q in model.parameters():
        q.requires_grad_(False)
    for _ in range(steps):
        optimizer.zero_grad()
        (-F.log_softmax(model(x[None]), dim=1)[0, target]).backward()
        optimizer.step()
    with torch.no_grad():
        confidence = F.softmax(model(x[None]), dim=1)[0, target].item()
    for q in model.parameters():
        q.requires_grad_(True)
    model.train(was_training)
    return x.detach(), confidence
