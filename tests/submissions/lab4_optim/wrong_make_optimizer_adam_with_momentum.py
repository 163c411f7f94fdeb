"""Gives Adam a momentum=0.9 argument, which only SGD has.

expect: test_make_optimizer
message: Adam has no momentum argument
mistake: adam-with-momentum
"""
# %% make_optimizer
def make_optimizer(name, params, lr):
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr)
    if name == "momentum":
        return torch.optim.SGD(params, lr=lr, momentum=0.9)
    if name == "adam":
        return torch.optim.Adam(params, lr=lr, momentum=0.9)
    raise ValueError(f"unknown optimizer {name!r}: expected 'sgd', 'momentum' or 'adam'")
