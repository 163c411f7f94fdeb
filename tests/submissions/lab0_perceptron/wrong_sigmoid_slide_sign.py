"""The course slide's formula, 1 / (1 + exp(z)): the sign of the exponent is wrong.

expect: test_sigmoid
message: the course's slide
mistake: wrong-sign
"""
# %% sigmoid
def sigmoid(z):
    s = 1 / (1 + torch.exp(z))
    return s
