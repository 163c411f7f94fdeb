"""Lab 1's init_params pasted unchanged: no tensor requires grad.

expect: test_init_params_autograd
message: does not require grad
mistake: no-requires-grad
"""
# %% init_params_autograd
def init_params_autograd(nx, nh, ny, device=None, dtype=torch.float32):
    params = {}
    params["Wh"] = 0.3 * torch.randn(nh, nx, device=device, dtype=dtype)
    params["bh"] = torch.zeros(nh, device=device, dtype=dtype)
    params["Wy"] = 0.3 * torch.randn(ny, nh, device=device, dtype=dtype)
    params["by"] = torch.zeros(ny, device=device, dtype=dtype)
    return params
