"""relu(z) - z t + log(1 + exp(-|z|)) with torch.log.

expect: none
"""
# %% bce_with_logits
def bce_with_logits(z, t):
    L = torch.mean(torch.relu(z) - z * t + torch.log(1 + torch.exp(-z.abs())))
    return L
