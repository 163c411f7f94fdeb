"""Normalises over the queries (dim=-2) instead of the keys.

expect: test_attention
message: softmax over the wrong axis
mistake: softmax-over-queries
"""
# %% attention
def attention(Q, K, V, mask=None):
    scores = Q @ K.transpose(-2, -1) / math.sqrt(Q.shape[-1])
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    weights = torch.softmax(scores, dim=-2)
    if mask is not None:
        weights = weights.masked_fill(~mask.any(dim=-1, keepdim=True), 0.0)
    return weights @ V, weights
