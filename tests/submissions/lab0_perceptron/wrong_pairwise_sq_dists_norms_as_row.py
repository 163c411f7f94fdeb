"""The expansion with the squared norms of A left as a vector (n,): it broadcasts as a row.

expect: test_pairwise_sq_dists
message: must be a column
mistake: shapes-do-not-broadcast
"""
# %% pairwise_sq_dists
def pairwise_sq_dists(A, B):
    D = (A ** 2).sum(dim=1) - 2 * A @ B.T + (B ** 2).sum(dim=1)
    return D
