"""p.sub_(eta * p.grad) with a no_grad block per parameter.

expect: none
"""
# %% sgd_autograd
def sgd_autograd(params, eta):
    for k in params:
        with torch.no_grad():
            params[k].sub_(eta * params[k].grad)
        params[k].grad.zero_()
    return params
