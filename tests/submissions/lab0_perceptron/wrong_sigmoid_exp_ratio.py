"""exp(z) / (1 + exp(z)): right for moderate z, inf / inf = nan at z = 1000.

expect: test_sigmoid
message: nan or inf at z = 1000
mistake: overflows
"""
# %% sigmoid
def sigmoid(z):
    s = torch.exp(z) / (1 + torch.exp(z))
    return s
