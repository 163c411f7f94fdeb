"""Lab 1's update, params[k] = params[k] - eta * grad, with no torch.no_grad(): the new tensors are recorded results, not leaves.

expect: test_sgd_autograd
message: is no longer a leaf
mistake: replaced-outside-no-grad
"""
# %% sgd_autograd
def sgd_autograd(params, eta):
    for k in params:
        grad = params[k].grad
        params[k] = params[k] - eta * grad
        grad.zero_()
    return params
