"""Switches gradient tracking off "to save memory" and never back on: the caller's autograd is broken.

expect: test_bce_with_logits
message: it left gradient tracking switched off for its caller
mistake: contract-global-state
"""
# %% bce_with_logits
def bce_with_logits(z, t):
    torch.set_grad_enabled(False)
    L = (torch.clamp(z, min=0) - z * t + torch.log1p(torch.exp(-torch.abs(z)))).mean()
    return L
