"""sigmoid(z) = (1 + tanh(z / 2)) / 2.

expect: none
"""
# %% sigmoid
def sigmoid(z):
    s = 0.5 * (1 + torch.tanh(z / 2))
    return s
