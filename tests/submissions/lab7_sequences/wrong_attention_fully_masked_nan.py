"""Leaves the NaN that softmax gives a row of -inf (a query that sees no key).

expect: test_attention
message: holds NaN in the rows of queries that see no key
mistake: masked-row-nan
"""
# %% attention
def attention(Q, K, V, mask=None):
    scores = Q @ K.transpose(-2, -1) / math.sqrt(Q.shape[-1])
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    return weights @ V, weights
