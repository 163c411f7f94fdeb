"""Returns None for an unknown name instead of raising.

expect: test_make_optimizer
message: returned None: an unknown name must raise ValueError
mistake: unknown-returns-none
"""
# %% make_optimizer
def make_optimizer(name, params, lr):
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr)
    if name == "momentum":
        return torch.optim.SGD(params, lr=lr, momentum=0.9)
    if name == "adam":
        return torch.optim.Adam(params, lr=lr)
