"""A match statement, the explicit default hyper-parameters spelled out.

expect: none
"""
# %% make_optimizer
def make_optimizer(name, params, lr):
    match name:
        case "sgd":
            return torch.optim.SGD(params, lr=lr, momentum=0.0)
        case "momentum":
            return torch.optim.SGD(params, lr=lr, momentum=0.9, nesterov=False)
        case "adam":
            return torch.optim.Adam(params, lr=lr, betas=(0.9, 0.999), eps=1e-8)
        case _:
            raise ValueError(f"name must be 'sgd', 'momentum' or 'adam', not {name!r}")
