"""Updates right but forgets to return the params.

expect: test_sgd_autograd
message: returned None
mistake: returns-none
"""
# %% sgd_autograd
def sgd_autograd(params, eta):
    with torch.no_grad():
        for p in params.values():
            p -= eta * p.grad
            p.grad.zero_()
