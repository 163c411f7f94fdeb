"""Weights uniform on [-0.3 sqrt(3), 0.3 sqrt(3)]: mean 0 and std 0.3, the wrong law.

expect: test_init_params
message: not drawn from a normal law
mistake: not-normal
"""
# %% init_params
def init_params(nx, nh, ny, device=None, dtype=torch.float32):
    a = 0.3 * 3 ** 0.5
    params = {}
    params["Wh"] = (2 * torch.rand(nh, nx, device=device, dtype=dtype) - 1) * a
    params["bh"] = torch.zeros(nh, device=device, dtype=dtype)
    params["Wy"] = (2 * torch.rand(ny, nh, device=device, dtype=dtype) - 1) * a
    params["by"] = torch.zeros(ny, device=device, dtype=dtype)
    return params
