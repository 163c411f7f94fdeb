"""Calls p.data.sub(...), which returns a new tensor and leaves p unchanged.

expect: test_sgd
message: it was not changed
mistake: not-in-place
"""
# %% sgd
def sgd(model, eta):
    for p in model.parameters():
        p.data.sub(eta * p.grad)
        p.grad = None
