"""Calls torch.sigmoid instead of writing the formula.

expect: test_sigmoid
message: called torch's sigmoid
mistake: calls-torch-function
"""
# %% sigmoid
def sigmoid(z):
    s = torch.sigmoid(z)
    return s
