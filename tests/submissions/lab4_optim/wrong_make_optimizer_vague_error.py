"""Raises ValueError, but its message does not say which names are accepted.

expect: test_make_optimizer
message: its message should name the accepted names
mistake: vague-error
"""
# %% make_optimizer
def make_optimizer(name, params, lr):
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr)
    if name == "momentum":
        return torch.optim.SGD(params, lr=lr, momentum=0.9)
    if name == "adam":
        return torch.optim.Adam(params, lr=lr)
    raise ValueError("unknown optimizer")
