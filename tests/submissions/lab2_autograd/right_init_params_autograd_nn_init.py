"""Fills torch.empty tensors with torch.nn.init, then switches gradients on.

expect: none
"""
# %% init_params_autograd
def init_params_autograd(nx, nh, ny, device=None, dtype=torch.float32):
    shapes = {"Wh": (nh, nx), "bh": (nh,), "Wy": (ny, nh), "by": (ny,)}
    params = {}
    for k, shape in shapes.items():
        p = torch.empty(shape, device=device, dtype=dtype)
        if k.startswith("W"):
            torch.nn.init.normal_(p, mean=0.0, std=0.3)
        else:
            torch.nn.init.zeros_(p)
        params[k] = p.requires_grad_()
    return params
