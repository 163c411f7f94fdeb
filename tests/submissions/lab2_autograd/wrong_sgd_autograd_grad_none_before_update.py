"""Sets p.grad = None before the update that uses it.

expect: test_sgd_autograd
message: .grad is None
mistake: grad-is-none
"""
# %% sgd_autograd
def sgd_autograd(params, eta):
    with torch.no_grad():
        for p in params.values():
            p.grad = None
            p -= eta * p.grad
    return params
