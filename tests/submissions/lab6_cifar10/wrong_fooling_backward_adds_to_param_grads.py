"""loss.backward() with an optimiser over the image only: right image, but every step adds to the
parameters' .grad.

expect: test_fooling_image
message: changed the gradients the model's parameters held
mistake: adds-to-param-grads
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
        (-F.log_softmax(model(x[None]), dim=1)[0, target]).backward()
        opt.step()
    with torch.no_grad():
        conf = F.softmax(model(x[None]), dim=1)[0, target].item()
    model.train(was_training)
    return x.detach(), conf
