"""Puts requires_grad=True inside torch.randn, then scales: the weights are results of a product, not leaves.

expect: test_init_params_autograd
message: is not a leaf
mistake: not-a-leaf
"""
# %% init_params_autograd
def init_params_autograd(nx, nh, ny, device=None, dtype=torch.float32):
    params = {}
    params["Wh"] = 0.3 * torch.randn(nh, nx, device=device, dtype=dtype, requires_grad=True)
    params["bh"] = torch.zeros(nh, device=device, dtype=dtype, requires_grad=True)
    params["Wy"] = 0.3 * torch.randn(ny, nh, device=device, dtype=dtype, requires_grad=True)
    params["by"] = torch.zeros(ny, device=device, dtype=dtype, requires_grad=True)
    return params
