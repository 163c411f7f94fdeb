"""Differences by unsqueeze, squares summed by einsum.

expect: none
"""
# %% pairwise_sq_dists
def pairwise_sq_dists(A, B):
    diff = A.unsqueeze(1) - B.unsqueeze(0)
    D = torch.einsum("nmd,nmd->nm", diff, diff)
    return D
