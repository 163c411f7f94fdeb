"""The expansion with the cross term counted once: -A B^T instead of -2 A B^T.

expect: test_pairwise_sq_dists
message: the cross term is -2 A B^T
mistake: cross-term-once
"""
# %% pairwise_sq_dists
def pairwise_sq_dists(A, B):
    D = (A ** 2).sum(dim=1, keepdim=True) - A @ B.T + (B ** 2).sum(dim=1)
    return D
