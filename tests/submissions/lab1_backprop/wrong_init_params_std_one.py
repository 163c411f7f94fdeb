"""Forgets the factor 0.3: weights ~ N(0, 1).

expect: test_init_params
message: multiply torch.randn(...) by 0.3
mistake: wrong-std
"""
# %% init_params
def init_params(nx, nh, ny, device=None, dtype=torch.float32):
    params = {}
    params["Wh"] = torch.randn(nh, nx, device=device, dtype=dtype)
    params["bh"] = torch.zeros(nh, device=device, dtype=dtype)
    params["Wy"] = torch.randn(ny, nh, device=device, dtype=dtype)
    params["by"] = torch.zeros(ny, device=device, dtype=dtype)
    return params
