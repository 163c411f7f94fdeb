"""Starts every weight at zero, like the biases.

expect: test_init_params
message: symmetry
mistake: constant-weights
"""
# %% init_params
def init_params(nx, nh, ny, device=None, dtype=torch.float32):
    params = {}
    params["Wh"] = torch.zeros(nh, nx, device=device, dtype=dtype)
    params["bh"] = torch.zeros(nh, device=device, dtype=dtype)
    params["Wy"] = torch.zeros(ny, nh, device=device, dtype=dtype)
    params["by"] = torch.zeros(ny, device=device, dtype=dtype)
    return params
