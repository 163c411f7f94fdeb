"""Adds the gradient instead of subtracting it: the loss goes up.

expect: test_sgd_autograd
message: it goes uphill
mistake: uphill
"""
# %% sgd_autograd
def sgd_autograd(params, eta):
    with torch.no_grad():
        for p in params.values():
            p += eta * p.grad
            p.grad.zero_()
    return params
