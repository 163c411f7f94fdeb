"""Reads N(0, 0.3^2) as a standard deviation of 0.3^2 = 0.09.

expect: test_init_params
message: 0.3 is the standard deviation
mistake: wrong-std
"""
# %% init_params
def init_params(nx, nh, ny, device=None, dtype=torch.float32):
    params = {}
    params["Wh"] = 0.3**2 * torch.randn(nh, nx, device=device, dtype=dtype)
    params["bh"] = torch.zeros(nh, device=device, dtype=dtype)
    params["Wy"] = 0.3**2 * torch.randn(ny, nh, device=device, dtype=dtype)
    params["by"] = torch.zeros(ny, device=device, dtype=dtype)
    return params
