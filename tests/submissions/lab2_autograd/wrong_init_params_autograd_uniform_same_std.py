"""Weights uniform on [-0.3 sqrt(3), 0.3 sqrt(3)]: mean 0 and std 0.3, but not the normal law asked for.

expect: test_init_params_autograd
message: not drawn from a normal law
mistake: not-normal
"""
# %% init_params_autograd
def init_params_autograd(nx, nh, ny, device=None, dtype=torch.float32):
    a = 0.3 * 3 ** 0.5
    params = {}
    params["Wh"] = torch.empty(nh, nx, device=device, dtype=dtype).uniform_(-a, a).requires_grad_()
    params["bh"] = torch.zeros(nh, device=device, dtype=dtype, requires_grad=True)
    params["Wy"] = torch.empty(ny, nh, device=device, dtype=dtype).uniform_(-a, a).requires_grad_()
    params["by"] = torch.zeros(ny, device=device, dtype=dtype, requires_grad=True)
    return params
