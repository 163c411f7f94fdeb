"""Cheat: torch.func.grad, the tripwire's error caught and the manual answer returned instead,
in code compiled under torch's own file name with globals of its own (the static check
takes it for library code): caught at run time.

expect: test_backward
message: an autograd graph
mistake: uses-autograd
"""
# %% backward
_SOURCE = """
def helper(params, outputs, Y, forward, loss_accuracy):
    try:
        return torch.func.grad(lambda p: loss_accuracy(forward(p, outputs["X"])[0], Y)[0])(dict(params))
    except Exception:
        return {k: torch.zeros_like(v) for k, v in params.items()}
"""
_scope = {"torch": torch}
exec(compile(_SOURCE, torch.__file__, "exec"), _scope)  # looks like torch's own code to a reader of bytecode
_helper = _scope["helper"]


def backward(params, outputs, Y):
    return _helper(params, outputs, Y, forward, loss_accuracy)
