"""Cheat: torch.autograd.grad under torch._C.DisableTorchFunction(), which switches off
every TorchFunctionMode (the old monitor).

expect: test_backward
message: used torch.autograd, or a way to reach it
mistake: uses-autograd
"""
# %% backward
def backward(params, outputs, Y):
    with torch._C.DisableTorchFunction(), torch.enable_grad():
        leaves = {k: v.detach().clone().requires_grad_(True) for k, v in params.items()}
        L, _ = loss_accuracy(forward(leaves, outputs["X"])[0], Y)
        return dict(zip(leaves, torch.autograd.grad(L, list(leaves.values()))))
