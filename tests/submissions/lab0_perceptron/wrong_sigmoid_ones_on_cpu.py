"""Adds torch.ones(z.shape), created on the CPU: right here, wrong on a GPU (the meta test).

expect: test_sigmoid
mistake: ignores-device
"""
# %% sigmoid
def sigmoid(z):
    s = 1 / (torch.ones(z.shape, dtype=z.dtype) + torch.exp(-z))
    return s
