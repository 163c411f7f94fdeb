"""Scales the gradients in place by eta before subtracting them: the gradients passed in change.

expect: test_sgd
message: sgd modified the gradients
mistake: changes-grads
"""
# %% sgd
def sgd(params, grads, eta):
    for key in params:
        grads[key] *= eta
        params[key] = params[key] - grads[key]
    return params
