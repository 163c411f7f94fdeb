"""Resets the gradients first, then steps with them: the step is zero, nothing is learnt.

expect: test_sgd_autograd
message: Did you zero p.grad before using it
mistake: not-updated
"""
# %% sgd_autograd
def sgd_autograd(params, eta):
    with torch.no_grad():
        for p in params.values():
            p.grad.zero_()
            p -= eta * p.grad
    return params
