"""Fills a table created with torch.zeros(n, m): float32 and on the CPU, whatever A is.

expect: test_pairwise_sq_dists
message: dtype
mistake: hard-coded-dtype
"""
# %% pairwise_sq_dists
def pairwise_sq_dists(A, B):
    D = torch.zeros(A.shape[0], B.shape[0])
    D += ((A[:, None, :] - B[None, :, :]) ** 2).sum(dim=-1)
    return D
