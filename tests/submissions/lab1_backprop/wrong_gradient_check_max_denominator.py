"""Divides by max(abs(g), abs(g_num)) instead of abs(g) + abs(g_num).

expect: test_gradient_check
message: max(abs(g), abs(g_num))
mistake: max-denominator
"""
# %% gradient_check
def gradient_check(f, params, grads, eps=1e-6):
    errors = {}
    for key, p in params.items():
        flat = p.view(-1)
        g_num = torch.zeros_like(flat)
        for i in range(flat.numel()):
            old = flat[i].item()
            flat[i] = old + eps
            f_plus = f(params).item()
            flat[i] = old - eps
            f_minus = f(params).item()
            flat[i] = old
            g_num[i] = (f_plus - f_minus) / (2 * eps)
        g = grads[key].reshape(-1)
        errors[key] = ((g - g_num).abs() / torch.maximum(g.abs(), g_num.abs())).max().item()
    return errors
