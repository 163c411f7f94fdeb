"""Cheat: torch.func.vjp of the loss, pulled back from 1.

expect: test_backward
message: used torch.autograd, or a way to reach it
mistake: uses-autograd
"""
# %% backward
def backward(params, outputs, Y):
    def loss(p):
        return loss_accuracy(forward(p, outputs["X"])[0], Y)[0]

    L, pull = torch.func.vjp(loss, dict(params))
    return pull(torch.ones_like(L))[0]
