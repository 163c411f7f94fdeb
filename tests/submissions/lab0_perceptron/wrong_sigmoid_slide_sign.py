"""The handout's slip, 1 / (1 + exp(z)): the sign of the exponent is wrong.

expect: test_sigmoid
message: a common slip
mistake: wrong-sign
"""
# %% sigmoid
def sigmoid(z):
    s = 1 / (1 + torch.exp(z))
    return s
