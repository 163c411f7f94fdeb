"""Seeds torch inside (torch.manual_seed(0)) for reproducibility: every generator gives the same start.

expect: test_fooling_image
message: generators in different states gave the same image
mistake: fixed-seed
"""
# %% fooling_image
def fooling_image(model, target, steps=200, lr=0.05, shape=(3, 32, 32), generator=None):
    torch.manual_seed(0)
    p = next(model.parameters())
    x = (0.01 * torch.randn(shape, device=p.device, dtype=p.dtype)).requires_grad_(True)
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
