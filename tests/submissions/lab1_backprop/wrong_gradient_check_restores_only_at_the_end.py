"""Saves every parameter at the start and restores them all after the loop: entries pile up in between.

expect: test_gradient_check
message: Restore each entry
mistake: entry-not-restored
"""
# %% gradient_check
def gradient_check(f, params, grads, eps=1e-6):
    saved = {k: v.clone() for k, v in params.items()}
    errors = {}
    for key, p in params.items():
        flat = p.view(-1)
        g_num = torch.zeros_like(flat)
        for i in range(flat.numel()):
            flat[i] += eps
            f_plus = f(params).item()
            flat[i] -= 2 * eps
            f_minus = f(params).item()
            g_num[i] = (f_plus - f_minus) / (2 * eps)
        g = grads[key].reshape(-1)
        errors[key] = ((g - g_num).abs() / torch.clamp(g.abs() + g_num.abs(), min=1e-12)).max().item()
    for k in params:
        params[k].copy_(saved[k])
    return errors
