"""Central differences divided by eps instead of 2 eps: the numerical gradient is twice too large.

expect: test_gradient_check
message: twice too large
mistake: divides-by-eps
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
            g_num[i] = (f_plus - f_minus) / eps
        g = grads[key].reshape(-1)
        errors[key] = ((g - g_num).abs() / torch.clamp(g.abs() + g_num.abs(), min=1e-12)).max().item()
    return errors
