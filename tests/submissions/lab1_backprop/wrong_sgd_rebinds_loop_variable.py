"""Updates the loop variable p, a new tensor that the dict never sees, and returns the old params.

expect: test_sgd
message: params[key] =
mistake: rebinds-loop-variable
"""
# %% sgd
def sgd(params, grads, eta):
    for key, p in params.items():
        p = p - eta * grads[key]
    return params
