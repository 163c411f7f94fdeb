"""The old idiom: update p.data in place (not recorded), then zero the gradient.

expect: none
"""
# %% sgd_autograd
def sgd_autograd(params, eta):
    for p in params.values():
        p.data -= eta * p.grad.data
        p.grad.data.zero_()
    return params
