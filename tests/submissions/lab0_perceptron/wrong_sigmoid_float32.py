"""Converts z to float32 first (.float()): the result is float32 for float64 inputs.

expect: test_sigmoid
message: has dtype torch.float32
mistake: hard-coded-dtype
"""
# %% sigmoid
def sigmoid(z):
    s = 1 / (1 + torch.exp(-z.float()))
    return s
