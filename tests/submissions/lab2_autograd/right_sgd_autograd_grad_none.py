"""Resets the gradients to None, as zero_grad() does by default.

expect: none
"""
# %% sgd_autograd
def sgd_autograd(params, eta):
    with torch.no_grad():
        for p in params.values():
            p -= eta * p.grad
            p.grad = None
    return params
