"""Draws the weights with torch.rand (uniform on [0, 1)) instead of torch.randn.

expect: test_init_params
message: use torch.randn
mistake: wrong-std
"""
# %% init_params
def init_params(nx, nh, ny, device=None, dtype=torch.float32):
    params = {}
    params["Wh"] = 0.3 * torch.rand(nh, nx, device=device, dtype=dtype)
    params["bh"] = torch.zeros(nh, device=device, dtype=dtype)
    params["Wy"] = 0.3 * torch.rand(ny, nh, device=device, dtype=dtype)
    params["by"] = torch.zeros(ny, device=device, dtype=dtype)
    return params
