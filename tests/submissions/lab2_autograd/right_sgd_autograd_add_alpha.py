"""p.add_(p.grad, alpha=-eta), as torch.optim.SGD writes it; zeroes with zeros_like.

expect: none
"""
# %% sgd_autograd
def sgd_autograd(params, eta):
    with torch.no_grad():
        for key, p in params.items():
            p.add_(p.grad, alpha=-eta)
            p.grad = torch.zeros_like(p)
    return params
