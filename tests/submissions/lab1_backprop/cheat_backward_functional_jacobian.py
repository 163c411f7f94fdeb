"""Cheat: torch.autograd.functional.jacobian of the loss.

expect: test_backward
message: used torch.autograd, or a way to reach it
mistake: uses-autograd
"""
# %% backward
def backward(params, outputs, Y):
    keys = list(params)

    def loss(*ps):
        return loss_accuracy(forward(dict(zip(keys, ps)), outputs["X"])[0], Y)[0]

    return dict(zip(keys, torch.autograd.functional.jacobian(loss, tuple(params[k] for k in keys))))
