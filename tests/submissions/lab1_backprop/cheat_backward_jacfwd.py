"""Cheat: torch.func.jacfwd: forward-mode autograd (dual tensors, no graph).

expect: test_backward
message: used torch.autograd, or a way to reach it
mistake: uses-autograd
"""
# %% backward
def backward(params, outputs, Y):
    def loss(p):
        return loss_accuracy(forward(p, outputs["X"])[0], Y)[0]

    return torch.func.jacfwd(loss)(dict(params))
