"""Adds the gradient instead of subtracting it.

expect: test_sgd
message: it goes uphill
mistake: uphill
"""
# %% sgd
def sgd(model, eta):
    with torch.no_grad():
        for p in model.parameters():
            p += eta * p.grad
            p.grad = None
