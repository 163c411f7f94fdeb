"""The stable form by cases with torch.where (each branch exponentiates only non-positive numbers where it is used).

expect: none
"""
# %% bce_with_logits
def bce_with_logits(z, t):
    pos = z * (1 - t) + torch.log1p(torch.exp(-z.clamp(min=0)))
    neg = -z * t + torch.log1p(torch.exp(z.clamp(max=0)))
    L = torch.where(z >= 0, pos, neg).mean()
    return L
