"""Forgets the learning rate.

expect: test_sgd_autograd
message: the learning rate eta is missing
mistake: no-eta
"""
# %% sgd_autograd
def sgd_autograd(params, eta):
    with torch.no_grad():
        for p in params.values():
            p -= p.grad
            p.grad.zero_()
    return params
