"""Falls back silently on SGD for any other name.

expect: test_make_optimizer
message: instead of raising ValueError
mistake: unknown-falls-back
"""
# %% make_optimizer
def make_optimizer(name, params, lr):
    if name == "momentum":
        return torch.optim.SGD(params, lr=lr, momentum=0.9)
    if name == "adam":
        return torch.optim.Adam(params, lr=lr)
    return torch.optim.SGD(params, lr=lr)
