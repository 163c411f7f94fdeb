"""z - z t + log(1 + exp(-z)) without the abs: exact for moderate z, exp(1000) = inf at z = -1000.

expect: test_bce_with_logits
message: exp(-z) = exp(1000) = inf
mistake: naive-log-sigmoid
"""
# %% bce_with_logits
def bce_with_logits(z, t):
    L = (z - z * t + torch.log(1 + torch.exp(-z))).mean()
    return L
