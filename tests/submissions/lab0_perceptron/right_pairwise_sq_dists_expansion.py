"""The expansion ||a||^2 - 2 a.b + ||b||^2 with a column and a row of norms, clamped at 0.

expect: none
"""
# %% pairwise_sq_dists
def pairwise_sq_dists(A, B):
    a2 = (A * A).sum(dim=1, keepdim=True)
    b2 = (B * B).sum(dim=1)[None, :]
    D = (a2 - 2 * A @ B.T + b2).clamp_min(0)
    return D
