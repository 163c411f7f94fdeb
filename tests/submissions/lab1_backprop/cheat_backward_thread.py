"""Cheat: torch.autograd.grad in a threading.Thread (TorchFunctionModes and grad mode are per thread).

expect: test_backward
message: used torch.autograd, or a way to reach it
mistake: uses-autograd
"""
# %% backward
import threading


def backward(params, outputs, Y):
    result = {}

    def work():
        leaves = {k: v.detach().clone().requires_grad_(True) for k, v in params.items()}
        L, _ = loss_accuracy(forward(leaves, outputs["X"])[0], Y)
        result.update(zip(leaves, torch.autograd.grad(L, list(leaves.values()))))

    t = threading.Thread(target=work)
    t.start()
    t.join()
    return result
