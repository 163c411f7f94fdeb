"""Cheat: L.backward() on copies of the parameters made to require grad, then their .grad.

expect: test_backward
message: used torch.autograd, or a way to reach it
mistake: uses-autograd
"""
# %% backward
def backward(params, outputs, Y):
    leaves = {k: v.detach().clone().requires_grad_(True) for k, v in params.items()}
    with torch.enable_grad():
        L, _ = loss_accuracy(forward(leaves, outputs["X"])[0], Y)
        L.backward()
    return {k: p.grad for k, p in leaves.items()}
