"""Replaces each parameter by params[k].data - eta * grad: a new tensor, detached, not requiring grad.

expect: test_sgd_autograd
message: that does not even require grad
mistake: replaced-without-grad
"""
# %% sgd_autograd
def sgd_autograd(params, eta):
    for k in params:
        params[k] = params[k].data - eta * params[k].grad
    return params
