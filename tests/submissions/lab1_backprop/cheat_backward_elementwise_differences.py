"""Cheat: central differences of a forward pass written without a matrix product (elementwise
products and sums), so that no FLOP is counted: the work it does still scales with the parameters.

expect: test_backward
message: tensor elements where the method the text states needs at most
mistake: contract-cost
"""
# %% backward
def backward(params, outputs, Y):
    X, Y64 = outputs["X"].double(), Y.double()
    p64 = {k: v.detach().double().clone() for k, v in params.items()}

    def loss(p):
        h = torch.tanh((X[:, None, :] * p["Wh"][None]).sum(-1) + p["bh"])
        ytilde = (h[:, None, :] * p["Wy"][None]).sum(-1) + p["by"]
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
