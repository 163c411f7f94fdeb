"""Loops over index tuples of each parameter (itertools.product) and restores each entry from its saved value.

expect: none
"""
# %% gradient_check
def gradient_check(f, params, grads, eps=1e-6):
    import itertools
    errors = {}
    for key, p in params.items():
        g_num = torch.zeros_like(p)
        for idx in itertools.product(*(range(s) for s in p.shape)):
            old = p[idx].item()
            p[idx] = old + eps
            up = float(f(params))
            p[idx] = old - eps
            down = float(f(params))
            p[idx] = old
            g_num[idx] = (up - down) / (2 * eps)
        rel = (grads[key] - g_num).abs() / (grads[key].abs() + g_num.abs()).clamp(min=1e-12)
        errors[key] = float(rel.max())
    return errors
