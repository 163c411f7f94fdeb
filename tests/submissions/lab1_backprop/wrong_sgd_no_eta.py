"""Forgets the learning rate: p - g.

expect: test_sgd
message: the learning rate eta is missing
mistake: no-eta
"""
# %% sgd
def sgd(params, grads, eta):
    for key in params:
        params[key] = params[key] - grads[key]
    return params
