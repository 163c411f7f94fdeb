"""Draws the biases ~ N(0, 1) (forgot the 0.3 there).

expect: test_init_params
message: biases start at exactly zero
mistake: small-random-biases
"""
# %% init_params
def init_params(nx, nh, ny, device=None, dtype=torch.float32):
    params = {}
    params["Wh"] = 0.3 * torch.randn(nh, nx, device=device, dtype=dtype)
    params["bh"] = torch.randn(nh, device=device, dtype=dtype)
    params["Wy"] = 0.3 * torch.randn(ny, nh, device=device, dtype=dtype)
    params["by"] = torch.randn(ny, device=device, dtype=dtype)
    return params
