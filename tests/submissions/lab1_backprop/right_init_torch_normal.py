"""Draws the weights with torch.normal(0, 0.3, size=...), biases from torch.zeros.

expect: none
"""
# %% init_params
def init_params(nx, nh, ny, device=None, dtype=torch.float32):
    return {
        "Wh": torch.normal(0.0, 0.3, size=(nh, nx), device=device, dtype=dtype),
        "bh": torch.zeros(nh, device=device, dtype=dtype),
        "Wy": torch.normal(0.0, 0.3, size=(ny, nh), device=device, dtype=dtype),
        "by": torch.zeros(ny, device=device, dtype=dtype),
    }
