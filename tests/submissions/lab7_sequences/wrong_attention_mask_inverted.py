"""Hides the keys the mask allows (masked_fill where mask is True).

expect: test_attention
message: the mask is inverted
mistake: mask-inverted
"""
# %% attention
def attention(Q, K, V, mask=None):
    scores = Q @ K.transpose(-2, -1) / math.sqrt(Q.shape[-1])
    if mask is not None:
        scores = scores.masked_fill(mask, float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    if mask is not None:
        weights = weights.masked_fill(~(~mask).any(dim=-1, keepdim=True), 0.0)
    return weights @ V, weights
