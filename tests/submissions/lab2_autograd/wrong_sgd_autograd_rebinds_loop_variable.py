"""p = p - eta * p.grad rebinds the loop variable: the parameters in the dict never change.

expect: test_sgd_autograd
message: it was not updated
mistake: not-updated
"""
# %% sgd_autograd
def sgd_autograd(params, eta):
    with torch.no_grad():
        for p in params.values():
            p = p - eta * p.grad
            p.grad = None
    return params
