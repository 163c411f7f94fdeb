"""The textbook formula with log(sigmoid(z)): right for moderate z, inf at z = -1000.

expect: test_bce_with_logits
message: log(sigmoid(z)) = log(0) = -inf
mistake: naive-log-sigmoid
"""
# %% bce_with_logits
def bce_with_logits(z, t):
    p = 1 / (1 + torch.exp(-z))
    L = -(t * torch.log(p) + (1 - t) * torch.log(1 - p)).mean()
    return L
