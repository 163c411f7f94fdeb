"""Builds the norms on the CPU (torch.tensor of a list): right here, wrong on a GPU.

expect: test_pairwise_sq_dists
mistake: python-loop
"""
# %% pairwise_sq_dists
def pairwise_sq_dists(A, B):
    a2 = torch.tensor([float((a ** 2).sum()) for a in A], dtype=A.dtype)
    D = a2[:, None] - 2 * A @ B.T + (B ** 2).sum(dim=1)
    return D
