"""Masks with -inf, softmax, then turns the NaN of fully masked rows into zeros with nan_to_num.

expect: none
"""
# %% attention
def attention(Q, K, V, mask=None):
    scores = torch.matmul(Q, K.mT) * (1.0 / math.sqrt(K.shape[-1]))
    if mask is not None:
        scores = scores.masked_fill(mask.logical_not(), float("-inf"))
    weights = torch.softmax(scores, dim=-1).nan_to_num(0.0)
    return torch.matmul(weights, V), weights
