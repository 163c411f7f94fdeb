"""Cheat: gradients by complex-step differentiation, Im f(p + i h e_k) / h with h = 1e-30: exact to
rounding, no formula, one complex forward pass per entry.

expect: test_backward
message: floating-point operations
mistake: contract-cost
"""
# %% backward
def backward(params, outputs, Y):
    X, Yc = outputs["X"].to(torch.complex128), Y.to(torch.complex128)
    pc = {k: v.detach().to(torch.complex128) for k, v in params.items()}

    def loss(p):
        ytilde = torch.tanh(X @ p["Wh"].T + p["bh"]) @ p["Wy"].T + p["by"]
        m = ytilde.real.max(dim=1, keepdim=True).values
        lse = m.squeeze(1) + torch.log(torch.exp(ytilde - m).sum(dim=1))
        return (lse - (Yc * ytilde).sum(dim=1)).mean()

    h = 1e-30
    grads = {}
    for key, p in pc.items():
        g = torch.zeros(p.numel(), dtype=torch.float64, device=p.device)
        for i in range(p.numel()):
            moved = dict(pc)
            step = torch.zeros(p.numel(), dtype=torch.complex128, device=p.device)
            step[i] = 1j * h
            moved[key] = p + step.view_as(p)
            g[i] = loss(moved).imag / h
        grads[key] = g.view_as(p).to(params[key].dtype)
    return grads
