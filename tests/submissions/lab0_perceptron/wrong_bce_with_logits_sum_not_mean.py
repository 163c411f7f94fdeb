"""Sums the per-sample losses instead of averaging them.

expect: test_bce_with_logits
message: times too large
mistake: sum-not-mean
"""
# %% bce_with_logits
def bce_with_logits(z, t):
    L = (torch.clamp(z, min=0) - z * t + torch.log1p(torch.exp(-torch.abs(z)))).sum()
    return L
