"""Updates the parameters but never resets the gradients: the next backward adds to them.

expect: test_sgd_autograd
message: was not reset
mistake: grad-not-reset
"""
# %% sgd_autograd
def sgd_autograd(params, eta):
    with torch.no_grad():
        for p in params.values():
            p -= eta * p.grad
    return params
