"""Calls zero_grad() on the new optimizer "to start clean": the gradients its parameters held are wiped.

expect: test_make_optimizer
message: .grad was wiped
mistake: contract-arguments
"""
# %% make_optimizer
def make_optimizer(name, params, lr):
    if name == "sgd":
        optim = torch.optim.SGD(params, lr=lr)
    elif name == "momentum":
        optim = torch.optim.SGD(params, lr=lr, momentum=0.9)
    elif name == "adam":
        optim = torch.optim.Adam(params, lr=lr)
    else:
        raise ValueError(f"unknown optimizer {name!r}: expected 'sgd', 'momentum' or 'adam'")
    optim.zero_grad()
    return optim
