"""Draws the biases too from N(0, 0.3^2), which the contract allows.

expect: none
"""
# %% init_params
def init_params(nx, nh, ny, device=None, dtype=torch.float32):
    params = {}
    shapes = {"Wh": (nh, nx), "bh": (nh,), "Wy": (ny, nh), "by": (ny,)}
    for key, shape in shapes.items():
        params[key] = 0.3 * torch.randn(*shape, device=device, dtype=dtype)
    return params
