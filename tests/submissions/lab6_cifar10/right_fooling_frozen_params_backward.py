"""Freezes the parameters (requires_grad off) so that loss.backward() fills only the image's .grad,
with Adam on the image; everything restored at the end.

expect: none
"""
# %% fooling_image
def fooling_image(model, target, steps=200, lr=0.05, shape=(3, 32, 32), generator=None):
    params = list(model.parameters())
    frozen = [p.requires_grad for p in params]
    was_training = model.training
    for p in params:
        p.requires_grad_(False)
    model.eval()
    x = (torch.randn(shape, generator=generator, device=params[0].device, dtype=params[0].dtype) / 100).requires_grad_()
    optimizer = torch.optim.Adam([x], lr=lr)
    for _ in range(steps):
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x[None]), torch.tensor([target], device=x.device))
        loss.backward()
        optimizer.step()
    with torch.no_grad():
        confidence = model(x[None]).softmax(dim=1)[0, target].item()
    for p, r in zip(params, frozen):
        p.requires_grad_(r)
    model.train(was_training)
    return x.detach().clone(), confidence
