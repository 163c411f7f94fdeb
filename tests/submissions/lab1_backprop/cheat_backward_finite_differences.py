"""Cheat: gradients by central differences of the loss, in float64 with a small eps (accurate to
about 1e-10): no formula, one pair of forward passes per entry.

expect: test_backward
message: floating-point operations
mistake: contract-cost
"""
# %% backward
def backward(params, outputs, Y):
    X, Y64 = outputs["X"].double(), Y.double()
    p64 = {k: v.detach().double().clone() for k, v in params.items()}

    def loss(p):
        ytilde = torch.tanh(X @ p["Wh"].T + p["bh"]) @ p["Wy"].T + p["by"]
        return (torch.logsumexp(ytilde, dim=1) - (Y64 * ytilde).sum(dim=1)).mean()

    eps = 1e-5
    grads = {}
    for key, p in p64.items():
        flat, g = p.view(-1), torch.zeros(p.numel(), dtype=torch.float64, device=p.device)
        for i in range(flat.numel()):
            old = flat[i].clone()
            flat[i] = old + eps
            up = loss(p64)
            flat[i] = old - eps
            down = loss(p64)
            flat[i] = old
            g[i] = (up - down) / (2 * eps)
        grads[key] = g.view_as(p).to(params[key].dtype)
    return grads
