"""Biases drawn from N(0, 0.01^2): "nearly zero" is not the zero the notebook asks for.

expect: test_init_params
message: biases start at exactly zero
mistake: small-random-biases
"""
# %% init_params
def init_params(nx, nh, ny, device=None, dtype=torch.float32):
    params = {}
    params["Wh"] = 0.3 * torch.randn(nh, nx, device=device, dtype=dtype)
    params["bh"] = 0.01 * torch.randn(nh, device=device, dtype=dtype)
    params["Wy"] = 0.3 * torch.randn(ny, nh, device=device, dtype=dtype)
    params["by"] = 0.01 * torch.randn(ny, device=device, dtype=dtype)
    return params
