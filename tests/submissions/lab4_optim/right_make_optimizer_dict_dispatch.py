"""A dict of builders, checked before the lookup.

expect: none
"""
# %% make_optimizer
OPTIMIZERS = {
    "sgd": lambda params, lr: torch.optim.SGD(params, lr=lr),
    "momentum": lambda params, lr: torch.optim.SGD(params, lr=lr, momentum=0.9),
    "adam": lambda params, lr: torch.optim.Adam(params, lr=lr),
}


def make_optimizer(name, params, lr):
    if name not in OPTIMIZERS:
        raise ValueError(f"make_optimizer: {name!r} is not one of {sorted(OPTIMIZERS)}")
    return OPTIMIZERS[name](params, lr)
