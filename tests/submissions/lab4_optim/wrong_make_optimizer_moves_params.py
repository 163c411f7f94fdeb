"""Moves the parameters to the notebook's device first: on the CPU p.to("cpu") is p itself, on a GPU the optimizer holds copies (hidden test on the meta device).

expect: test_make_optimizer
message: were they copied to another device?
mistake: params-consumed
"""
# %% make_optimizer
def make_optimizer(name, params, lr):
    params = [p.to(device) for p in params]
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr)
    if name == "momentum":
        return torch.optim.SGD(params, lr=lr, momentum=0.9)
    if name == "adam":
        return torch.optim.Adam(params, lr=lr)
    raise ValueError(f"unknown optimizer {name!r}: expected 'sgd', 'momentum' or 'adam'")
