"""Writes the softmax as exp / sum without subtracting the row max: float32 overflows on large scores.

expect: test_attention
message: Subtract each row's max
mistake: softmax-overflow
"""
# %% attention
def attention(Q, K, V, mask=None):
    scores = Q @ K.transpose(-2, -1) / math.sqrt(Q.shape[-1])
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    e = torch.exp(scores)
    total = e.sum(dim=-1, keepdim=True)
    weights = torch.where(total > 0, e / total, torch.zeros_like(e))
    return weights @ V, weights
