"""Clamps the probability away from 0 and 1: finite, but wrong at |z| = 1000.

expect: test_bce_with_logits
message: a clamped log
mistake: clamped-log
"""
# %% bce_with_logits
def bce_with_logits(z, t):
    p = torch.clamp(1 / (1 + torch.exp(-z)), 1e-7, 1 - 1e-7)
    L = -(t * torch.log(p) + (1 - t) * torch.log(1 - p)).mean()
    return L
