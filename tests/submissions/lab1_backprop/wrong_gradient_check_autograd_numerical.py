"""Moves every entry by +eps and -eps (two calls of f each, restored), but takes the "numerical"
gradient from torch.autograd: not function evaluations, and f need not be differentiable.

expect: test_gradient_check
message: used torch.autograd
mistake: uses-autograd
"""
# %% gradient_check
def gradient_check(f, params, grads, eps=1e-6):
    for p in params.values():
        flat = p.view(-1)
        for i in range(flat.numel()):
            old = flat[i].item()
            flat[i] = old + eps
            f(params)
            flat[i] = old - eps
            f(params)
            flat[i] = old
    leaves = {k: v.detach().clone().requires_grad_(True) for k, v in params.items()}
    with torch.enable_grad():
        numerical = dict(zip(leaves, torch.autograd.grad(f(leaves), list(leaves.values()))))
    errors = {}
    for key in params:
        g, g_num = grads[key], numerical[key]
        errors[key] = ((g - g_num).abs() / torch.clamp(g.abs() + g_num.abs(), min=1e-12)).max().item()
    return errors
