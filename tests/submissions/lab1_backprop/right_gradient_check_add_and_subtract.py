"""Moves each entry by += eps, -= 2 eps, += eps (restored up to rounding), all in tensors.

expect: none
"""
# %% gradient_check
def gradient_check(f, params, grads, eps=1e-6):
    errors = {}
    for key in params:
        flat = params[key].view(-1)
        g_num = flat.new_zeros(flat.shape)
        for i in range(flat.numel()):
            flat[i] += eps
            f_plus = f(params)
            flat[i] -= 2 * eps
            f_minus = f(params)
            flat[i] += eps
            g_num[i] = (f_plus - f_minus) / (2 * eps)
        g = grads[key].flatten()
        denominator = torch.maximum(g.abs() + g_num.abs(), torch.full_like(g, 1e-12))
        errors[key] = torch.max((g - g_num).abs() / denominator).item()
    return errors
