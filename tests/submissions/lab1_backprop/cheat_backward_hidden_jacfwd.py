"""Cheat: torch.func.jacfwd (forward mode: no graph node),
in code compiled under torch's own file name with globals of its own (the static check
takes it for library code): caught at run time.

expect: test_backward
message: forward-mode autograd
mistake: uses-autograd
"""
# %% backward
_SOURCE = """
def helper(params, outputs, Y, forward, loss_accuracy):
    return torch.func.jacfwd(lambda p: loss_accuracy(forward(p, outputs["X"])[0], Y)[0])(dict(params))
"""
_scope = {"torch": torch}
exec(compile(_SOURCE, torch.__file__, "exec"), _scope)  # looks like torch's own code to a reader of bytecode
_helper = _scope["helper"]


def backward(params, outputs, Y):
    return _helper(params, outputs, Y, forward, loss_accuracy)
