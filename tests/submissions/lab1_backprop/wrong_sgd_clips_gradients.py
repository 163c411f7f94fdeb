"""Clips every gradient entry to [-10, 10] before the step: the text's step is p - eta * g for
gradients of any size.

expect: test_sgd
message: differs from the reference's
mistake: contract-result
"""
# %% sgd
def sgd(params, grads, eta):
    for key in params:
        params[key] = params[key] - eta * grads[key].clamp(-10, 10)
    return params
