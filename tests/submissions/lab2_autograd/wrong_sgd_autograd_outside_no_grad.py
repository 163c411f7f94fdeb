"""Updates in place without torch.no_grad(): autograd refuses an in-place change of a leaf that requires grad.

expect: test_sgd_autograd
message: inside a torch.no_grad() block
mistake: update-outside-no-grad
"""
# %% sgd_autograd
def sgd_autograd(params, eta):
    for p in params.values():
        p -= eta * p.grad
        p.grad.zero_()
    return params
