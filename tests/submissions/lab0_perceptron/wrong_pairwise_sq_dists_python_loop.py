"""One row of A at a time, in a Python loop (right values, not by broadcasting).

expect: test_pairwise_sq_dists
message: loops over the rows in Python
mistake: python-loop
"""
# %% pairwise_sq_dists
def pairwise_sq_dists(A, B):
    D = torch.stack([((a - B) ** 2).sum(dim=1) for a in A])
    return D
