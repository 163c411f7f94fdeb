"""Cheat: torch.autograd.grad after popping the check's TorchFunctionMode off the stack.

expect: test_backward
message: used torch.autograd, or a way to reach it
mistake: uses-autograd
"""
# %% backward
def backward(params, outputs, Y):
    popped = torch.overrides._pop_mode_temporarily() if torch._C._len_torch_function_stack() else torch.enable_grad()
    with popped, torch.enable_grad():
        leaves = {k: v.detach().clone().requires_grad_(True) for k, v in params.items()}
        L, _ = loss_accuracy(forward(leaves, outputs["X"])[0], Y)
        return dict(zip(leaves, torch.autograd.grad(L, list(leaves.values()))))
