"""Biases drawn from N(0, 0.01^2) ("almost zero"): the notebook starts them at zero.

expect: test_init_params_autograd
message: biases start at exactly zero
mistake: small-random-biases
"""
# %% init_params_autograd
def init_params_autograd(nx, nh, ny, device=None, dtype=torch.float32):
    params = {}
    params["Wh"] = (0.3 * torch.randn(nh, nx, device=device, dtype=dtype)).requires_grad_()
    params["bh"] = (0.01 * torch.randn(nh, device=device, dtype=dtype)).requires_grad_()
    params["Wy"] = (0.3 * torch.randn(ny, nh, device=device, dtype=dtype)).requires_grad_()
    params["by"] = (0.01 * torch.randn(ny, device=device, dtype=dtype)).requires_grad_()
    return params
