"""Never passes dtype: the parameters are float32 whatever the caller asks.

expect: test_init_params
message: dtype=dtype
mistake: ignores-dtype
"""
# %% init_params
def init_params(nx, nh, ny, device=None, dtype=torch.float32):
    params = {}
    params["Wh"] = 0.3 * torch.randn(nh, nx, device=device)
    params["bh"] = torch.zeros(nh, device=device)
    params["Wy"] = 0.3 * torch.randn(ny, nh, device=device)
    params["by"] = torch.zeros(ny, device=device)
    return params
