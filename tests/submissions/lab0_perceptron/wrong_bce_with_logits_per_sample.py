"""Returns the per-sample losses, forgetting the mean.

expect: test_bce_with_logits
message: expected a 0-dim tensor
mistake: per-sample-loss
"""
# %% bce_with_logits
def bce_with_logits(z, t):
    L = torch.clamp(z, min=0) - z * t + torch.log1p(torch.exp(-torch.abs(z)))
    return L
