"""Cheat: a "manual" backward that recomputes the loss and asks torch.autograd for the gradients.

expect: test_backward
message: autograd
"""
# %% backward
def backward(params, outputs, Y):
    leaves = {k: v.detach().clone().requires_grad_(True) for k, v in params.items()}
    with torch.enable_grad():
        Yhat, _ = forward(leaves, outputs["X"])
        L, _ = loss_accuracy(Yhat, Y)
        g = torch.autograd.grad(L, list(leaves.values()))
    return {k: gk.detach() for k, gk in zip(leaves, g)}
