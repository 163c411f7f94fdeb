"""Cheat: torch.autograd reached through getattr with a name built at run time.

expect: test_backward
message: used torch.autograd, or a way to reach it
mistake: uses-autograd
"""
# %% backward
def backward(params, outputs, Y):
    ag = getattr(torch, "auto" + "gr" + "ad")
    leaves = {k: v.detach().clone() for k, v in params.items()}
    for v in leaves.values():
        getattr(v, "requires_gr" + "ad_")(True)
    L, _ = loss_accuracy(forward(leaves, outputs["X"])[0], Y)
    return dict(zip(leaves, getattr(ag, "gr" + "ad")(L, list(leaves.values()))))
