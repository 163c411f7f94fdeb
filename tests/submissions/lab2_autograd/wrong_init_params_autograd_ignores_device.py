"""Never passes device: right on the CPU, wrong on any other device (the hidden test on meta).

expect: test_init_params_autograd
message: device=device
mistake: ignores-device
"""
# %% init_params_autograd
def init_params_autograd(nx, nh, ny, device=None, dtype=torch.float32):
    params = {}
    params["Wh"] = (0.3 * torch.randn(nh, nx, dtype=dtype)).requires_grad_()
    params["bh"] = torch.zeros(nh, dtype=dtype, requires_grad=True)
    params["Wy"] = (0.3 * torch.randn(ny, nh, dtype=dtype)).requires_grad_()
    params["by"] = torch.zeros(ny, dtype=dtype, requires_grad=True)
    return params
