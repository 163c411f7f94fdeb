"""sgd updating every tensor in place with -=, then returning the same dict.

expect: none
"""
# %% sgd
def sgd(params, grads, eta):
    for key in params:
        params[key] -= eta * grads[key]
    return params
