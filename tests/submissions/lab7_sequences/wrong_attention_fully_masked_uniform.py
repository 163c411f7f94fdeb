"""Masks with -1e9: a query that sees no key gets uniform weights over every key.

expect: test_attention
message: a fully masked row gets uniform weights
mistake: masked-row-uniform
"""
# %% attention
def attention(Q, K, V, mask=None):
    scores = Q @ K.transpose(-2, -1) / math.sqrt(Q.shape[-1])
    if mask is not None:
        scores = scores.masked_fill(~mask, -1e9)
    weights = torch.softmax(scores, dim=-1)
    return weights @ V, weights
