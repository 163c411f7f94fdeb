"""Builds new tensors under torch.no_grad(): they do not require grad, the next backward ignores them.

expect: test_sgd_autograd
message: was replaced by a new tensor
mistake: replaced-without-grad
"""
# %% sgd_autograd
def sgd_autograd(params, eta):
    with torch.no_grad():
        for k in params:
            params[k] = params[k] - eta * params[k].grad
    return params
