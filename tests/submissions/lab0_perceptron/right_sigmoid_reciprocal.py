"""torch.reciprocal(1 + exp(-z)).

expect: none
"""
# %% sigmoid
def sigmoid(z):
    s = torch.reciprocal(torch.exp(-z) + 1)
    return s
