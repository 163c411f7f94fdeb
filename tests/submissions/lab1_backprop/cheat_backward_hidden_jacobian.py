"""Cheat: torch.autograd.functional.jacobian,
in code compiled under torch's own file name with globals of its own (the static check
takes it for library code): caught at run time.

expect: test_backward
message: an autograd graph
mistake: uses-autograd
"""
# %% backward
_SOURCE = """
def helper(params, outputs, Y, forward, loss_accuracy):
    keys = list(params)
    def loss(*ps):
        return loss_accuracy(forward(dict(zip(keys, ps)), outputs["X"])[0], Y)[0]
    return dict(zip(keys, torch.autograd.functional.jacobian(loss, tuple(params[k] for k in keys))))
"""
_scope = {"torch": torch}
exec(compile(_SOURCE, torch.__file__, "exec"), _scope)  # looks like torch's own code to a reader of bytecode
_helper = _scope["helper"]


def backward(params, outputs, Y):
    return _helper(params, outputs, Y, forward, loss_accuracy)
