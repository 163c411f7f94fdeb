"""Returns the distances themselves (a square root too many).

expect: test_pairwise_sq_dists
message: not their squares
mistake: not-squared
"""
# %% pairwise_sq_dists
def pairwise_sq_dists(A, B):
    D = ((A[:, None, :] - B[None, :, :]) ** 2).sum(dim=-1).sqrt()
    return D
