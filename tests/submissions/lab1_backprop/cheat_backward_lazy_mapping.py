"""Cheat: returns a dict subclass whose values autograd computes when a key is read, after
backward has returned (out of the watched call), in code compiled under torch's file name.

expect: test_backward
message: the text says a plain dict
mistake: contract-result
"""
# %% backward
_SOURCE = """
class Grads(dict):
    def __init__(self, params, X, Y, forward, loss_accuracy):
        super().__init__({k: None for k in params})
        self.args = (params, X, Y, forward, loss_accuracy)

    def __getitem__(self, key):
        params, X, Y, forward, loss_accuracy = self.args
        leaves = {k: v.detach().clone().requires_grad_(True) for k, v in params.items()}
        with torch.enable_grad():
            L, _ = loss_accuracy(forward(leaves, X)[0], Y)
            return torch.autograd.grad(L, leaves[key])[0]
"""
_scope = {"torch": torch}
exec(compile(_SOURCE, torch.__file__, "exec"), _scope)
_Grads = _scope["Grads"]


def backward(params, outputs, Y):
    return _Grads(dict(params), outputs["X"], Y, forward, loss_accuracy)
