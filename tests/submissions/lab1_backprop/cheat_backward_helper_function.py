"""Cheat: The autograd call lives in a helper function of the notebook that backward calls.

expect: test_backward
message: used torch.autograd, or a way to reach it
mistake: uses-autograd
"""
# %% backward
def my_gradients(params, X, Y):
    leaves = {k: v.detach().clone().requires_grad_(True) for k, v in params.items()}
    with torch.enable_grad():
        L, _ = loss_accuracy(forward(leaves, X)[0], Y)
        return dict(zip(leaves, torch.autograd.grad(L, list(leaves.values()))))


def backward(params, outputs, Y):
    return my_gradients(params, outputs["X"], Y)
