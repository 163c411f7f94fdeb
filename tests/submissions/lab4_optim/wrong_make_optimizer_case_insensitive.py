"""Normalises the name (lower(), strip()), so "SGD " trains with SGD instead of failing (caught by the hidden tests).

expect: test_make_optimizer
message: instead of raising ValueError
mistake: unknown-falls-back
"""
# %% make_optimizer
def make_optimizer(name, params, lr):
    name = name.strip().lower()
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr)
    if name == "momentum":
        return torch.optim.SGD(params, lr=lr, momentum=0.9)
    if name == "adam":
        return torch.optim.Adam(params, lr=lr)
    raise ValueError(f"unknown optimizer {name!r}: expected 'sgd', 'momentum' or 'adam'")
