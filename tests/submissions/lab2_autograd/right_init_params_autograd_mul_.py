"""Scales in place before switching gradients on; biases as zeros then requires_grad_.

expect: none
"""
# %% init_params_autograd
def init_params_autograd(nx, nh, ny, device=None, dtype=torch.float32):
    Wh = torch.randn(nh, nx, device=device, dtype=dtype).mul_(0.3).requires_grad_(True)
    Wy = torch.randn(ny, nh, device=device, dtype=dtype).mul_(0.3).requires_grad_(True)
    bh = torch.zeros(nh, device=device, dtype=dtype).requires_grad_(True)
    by = torch.zeros(ny, device=device, dtype=dtype).requires_grad_(True)
    return {"Wh": Wh, "bh": bh, "Wy": Wy, "by": by}
