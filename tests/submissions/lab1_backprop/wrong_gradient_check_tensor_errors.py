"""Returns each max relative error as a 0-dim tensor, where the text says a float (the twin of
right_gradient_check_copies_per_entry, which returns .item()).

expect: test_gradient_check
message: the text says a Python float
mistake: contract-result
"""
# %% gradient_check
def gradient_check(f, params, grads, eps=1e-6):
    errors = {}
    for key, p in params.items():
        g_num = torch.empty_like(p).view(-1)
        for i in range(p.numel()):
            values = []
            for sign in (1, -1):
                moved = {k: v.clone() for k, v in params.items()}
                moved[key].view(-1)[i] += sign * eps
                values.append(f(moved))
            g_num[i] = (values[0] - values[1]) / (2 * eps)
        g = grads[key].reshape(-1)
        errors[key] = ((g - g_num).abs() / torch.clamp(g.abs() + g_num.abs(), min=1e-12)).max()
    return errors
