"""Adds the gradient: a step uphill.

expect: test_sgd
message: it goes uphill
mistake: uphill
"""
# %% sgd
def sgd(params, grads, eta):
    for key in params:
        params[key] = params[key] + eta * grads[key]
    return params
