"""Never passes dtype: always float32, even when float64 is asked for.

expect: test_init_params_autograd
message: dtype=dtype
mistake: ignores-dtype
"""
# %% init_params_autograd
def init_params_autograd(nx, nh, ny, device=None, dtype=torch.float32):
    params = {}
    params["Wh"] = (0.3 * torch.randn(nh, nx, device=device)).requires_grad_()
    params["bh"] = torch.zeros(nh, device=device, requires_grad=True)
    params["Wy"] = (0.3 * torch.randn(ny, nh, device=device)).requires_grad_()
    params["by"] = torch.zeros(ny, device=device, requires_grad=True)
    return params
