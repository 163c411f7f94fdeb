"""Returns, for every key, the largest relative error over all the parameters.

expect: test_gradient_check
message: one max per key
mistake: global-max
"""
# %% gradient_check
def gradient_check(f, params, grads, eps=1e-6):
    rels = {}
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
        rels[key] = ((g - g_num).abs() / torch.clamp(g.abs() + g_num.abs(), min=1e-12)).max().item()
    worst = max(rels.values())
    return {key: worst for key in params}
