"""Calls F.binary_cross_entropy_with_logits instead of writing the stable form.

expect: test_bce_with_logits
message: called torch's binary_cross_entropy_with_logits
mistake: calls-torch-function
"""
# %% bce_with_logits
def bce_with_logits(z, t):
    L = F.binary_cross_entropy_with_logits(z, t)
    return L
