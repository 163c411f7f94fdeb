"""Creates the starting noise on the CPU (device="cpu"), whatever the model's device: the hidden test
on the meta device, standing in for a GPU.

expect: test_fooling_image
message: On a GPU it fails the same way
mistake: ignores-device
"""
# %% fooling_image
def fooling_image(model, target, steps=200, lr=0.05, shape=(3, 32, 32), generator=None):
    x = (0.01 * torch.randn(shape, generator=generator, device="cpu", dtype=next(model.parameters()).dtype)).requires_grad_(True)
    opt = torch.optim.Adam([x], lr=lr)
    was_training = model.training
    model.eval()
    for _ in range(steps):
        x.grad, = torch.autograd.grad(-F.log_softmax(model(x[None]), dim=1)[0, target], x)
        opt.step()
    with torch.no_grad():
        conf = F.softmax(model(x[None]), dim=1)[0, target].item()
    model.train(was_training)
    return x.detach(), conf
