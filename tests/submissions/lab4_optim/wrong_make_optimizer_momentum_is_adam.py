"""Maps "momentum" to Adam (which has momentum-like averages) instead of SGD with momentum.

expect: test_make_optimizer
message: expected torch.optim.SGD with momentum=0.9
mistake: wrong-optimizer-class
"""
# %% make_optimizer
def make_optimizer(name, params, lr):
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr)
    if name in ("momentum", "adam"):
        return torch.optim.Adam(params, lr=lr)
    raise ValueError(f"unknown optimizer {name!r}: expected 'sgd', 'momentum' or 'adam'")
