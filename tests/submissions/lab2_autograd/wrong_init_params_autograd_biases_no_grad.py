"""Switches gradients on for the weights only: the biases would never be trained.

expect: test_init_params_autograd
message: params['bh'] does not require grad
mistake: no-requires-grad
"""
# %% init_params_autograd
def init_params_autograd(nx, nh, ny, device=None, dtype=torch.float32):
    params = {}
    params["Wh"] = (0.3 * torch.randn(nh, nx, device=device, dtype=dtype)).requires_grad_()
    params["bh"] = torch.zeros(nh, device=device, dtype=dtype)
    params["Wy"] = (0.3 * torch.randn(ny, nh, device=device, dtype=dtype)).requires_grad_()
    params["by"] = torch.zeros(ny, device=device, dtype=dtype)
    return params
