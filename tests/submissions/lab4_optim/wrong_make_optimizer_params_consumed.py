"""Checks the parameters with list(params) first: a generator (model.parameters()) is then empty.

expect: test_make_optimizer
message: can be read only once
mistake: params-consumed
"""
# %% make_optimizer
def make_optimizer(name, params, lr):
    assert all(isinstance(p, torch.Tensor) for p in params)
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr)
    if name == "momentum":
        return torch.optim.SGD(params, lr=lr, momentum=0.9)
    if name == "adam":
        return torch.optim.Adam(params, lr=lr)
    raise ValueError(f"unknown optimizer {name!r}: expected 'sgd', 'momentum' or 'adam'")
