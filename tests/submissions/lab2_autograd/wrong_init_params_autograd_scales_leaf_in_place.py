"""Creates the leaf with requires_grad=True, then scales it in place: autograd refuses.

expect: test_init_params_autograd
message: then call .requires_grad_() on the result
mistake: update-outside-no-grad
"""
# %% init_params_autograd
def init_params_autograd(nx, nh, ny, device=None, dtype=torch.float32):
    params = {}
    params["Wh"] = torch.randn(nh, nx, device=device, dtype=dtype, requires_grad=True)
    params["Wh"] *= 0.3
    params["bh"] = torch.zeros(nh, device=device, dtype=dtype, requires_grad=True)
    params["Wy"] = torch.randn(ny, nh, device=device, dtype=dtype, requires_grad=True)
    params["Wy"] *= 0.3
    params["by"] = torch.zeros(ny, device=device, dtype=dtype, requires_grad=True)
    return params
