"""Builds Adam with its default rate (1e-3), ignoring lr.

expect: test_make_optimizer
message: expected 0.01: pass lr=lr
mistake: ignores-lr
"""
# %% make_optimizer
def make_optimizer(name, params, lr):
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr)
    if name == "momentum":
        return torch.optim.SGD(params, lr=lr, momentum=0.9)
    if name == "adam":
        return torch.optim.Adam(params)
    raise ValueError(f"unknown optimizer {name!r}: expected 'sgd', 'momentum' or 'adam'")
