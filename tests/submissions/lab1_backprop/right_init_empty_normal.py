"""Fills empty tensors in place with .normal_(0, 0.3) and .zero_().

expect: none
"""
# %% init_params
def init_params(nx, nh, ny, device=None, dtype=torch.float32):
    params = {}
    params["Wh"] = torch.empty(nh, nx, device=device, dtype=dtype).normal_(0, 0.3)
    params["bh"] = torch.empty(nh, device=device, dtype=dtype).zero_()
    params["Wy"] = torch.empty(ny, nh, device=device, dtype=dtype).normal_(0, 0.3)
    params["by"] = torch.empty(ny, device=device, dtype=dtype).zero_()
    return params
