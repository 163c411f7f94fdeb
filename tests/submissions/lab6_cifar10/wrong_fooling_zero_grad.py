"""loss.backward() then model.zero_grad() at every step: the parameters' .grad, which the caller
may need, are wiped.

expect: test_fooling_image
message: wiped the gradients
mistake: wipes-param-grads
"""
# %% fooling_image
def fooling_image(model, target, steps=200, lr=0.05, shape=(3, 32, 32), generator=None):
    p = next(model.parameters())
    x = (0.01 * torch.randn(shape, generator=generator, device=p.device, dtype=p.dtype)).requires_grad_(True)
    opt = torch.optim.Adam([x], lr=lr)
    was_training = model.training
    model.eval()
    for _ in range(steps):
        opt.zero_grad()
        model.zero_grad()
        (-F.log_softmax(model(x[None]), dim=1)[0, target]).backward()
        opt.step()
    model.zero_grad()
    with torch.no_grad():
        conf = F.softmax(model(x[None]), dim=1)[0, target].item()
    model.train(was_training)
    return x.detach(), conf
