"""A dict dispatch that lets an unknown name raise KeyError.

expect: test_make_optimizer
message: raises KeyError: test `name in ...` first
mistake: dict-keyerror
"""
# %% make_optimizer
def make_optimizer(name, params, lr):
    builders = {
        "sgd": lambda: torch.optim.SGD(params, lr=lr),
        "momentum": lambda: torch.optim.SGD(params, lr=lr, momentum=0.9),
        "adam": lambda: torch.optim.Adam(params, lr=lr),
    }
    return builders[name]()
