"""Switches recording off with torch.set_grad_enabled(False), then back on: called inside torch.no_grad(), it leaves its caller recording.

expect: test_sgd_autograd
message: it left gradient tracking switched on for its caller
mistake: contract-global-state
"""
# %% sgd_autograd
def sgd_autograd(params, eta):
    torch.set_grad_enabled(False)
    for p in params.values():
        p -= eta * p.grad
        p.grad.zero_()
    torch.set_grad_enabled(True)
    return params
