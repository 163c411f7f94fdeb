"""Never passes device: right on the CPU, wrong on any other device (the hidden test on meta).

expect: test_init_params
message: device=device
mistake: ignores-device
"""
# %% init_params
def init_params(nx, nh, ny, device=None, dtype=torch.float32):
    params = {}
    params["Wh"] = 0.3 * torch.randn(nh, nx, dtype=dtype)
    params["bh"] = torch.zeros(nh, dtype=dtype)
    params["Wy"] = 0.3 * torch.randn(ny, nh, dtype=dtype)
    params["by"] = torch.zeros(ny, dtype=dtype)
    return params
