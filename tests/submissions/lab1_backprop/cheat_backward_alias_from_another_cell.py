"""Cheat: torch.autograd.grad bound to a harmless name at the top of the cell (`G`).

expect: test_backward
message: used torch.autograd, or a way to reach it
mistake: uses-autograd
"""
# %% backward
from torch.autograd import grad as G


def backward(params, outputs, Y):
    leaves = {k: v.detach().clone().requires_grad_(True) for k, v in params.items()}
    L, _ = loss_accuracy(forward(leaves, outputs["X"])[0], Y)
    return dict(zip(leaves, G(L, list(leaves.values()))))
