"""Draws Wh with shape (nx, nh), as for X @ Wh.

expect: test_init_params
message: it is transposed
mistake: transposed
"""
# %% init_params
def init_params(nx, nh, ny, device=None, dtype=torch.float32):
    params = {}
    params["Wh"] = 0.3 * torch.randn(nx, nh, device=device, dtype=dtype)
    params["bh"] = torch.zeros(nh, device=device, dtype=dtype)
    params["Wy"] = 0.3 * torch.randn(ny, nh, device=device, dtype=dtype)
    params["by"] = torch.zeros(ny, device=device, dtype=dtype)
    return params
