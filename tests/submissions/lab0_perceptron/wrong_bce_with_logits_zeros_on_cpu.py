"""max(z, 0) against a torch.zeros(n) made on the CPU: right here, wrong on a GPU (the meta test).

expect: test_bce_with_logits
mistake: ignores-device
"""
# %% bce_with_logits
def bce_with_logits(z, t):
    zero = torch.zeros(z.shape[0], dtype=z.dtype)
    L = (torch.maximum(z, zero) - z * t + torch.log1p(torch.exp(-torch.abs(z)))).mean()
    return L
