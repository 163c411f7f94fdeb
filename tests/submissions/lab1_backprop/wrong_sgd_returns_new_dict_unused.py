"""Builds the updated parameters in a new dict, then returns the old one.

expect: test_sgd
message: it was not updated
mistake: rebinds-loop-variable
"""
# %% sgd
def sgd(params, grads, eta):
    new_params = {}
    for key in params:
        new_params[key] = params[key] - eta * grads[key]
    return params
