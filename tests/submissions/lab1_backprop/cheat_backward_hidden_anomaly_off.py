"""Cheat: anomaly mode (the tripwire) switched off, then autograd,
in code compiled under torch's own file name with globals of its own (the static check
takes it for library code): caught at run time.

expect: test_backward
message: anomaly mode
mistake: uses-autograd
"""
# %% backward
_SOURCE = """
def helper(params, outputs, Y, forward, loss_accuracy):
    torch.set_anomaly_enabled(False)
    leaves = {k: v.detach().clone().requires_grad_(True) for k, v in params.items()}
    with torch.enable_grad():
        L, _ = loss_accuracy(forward(leaves, outputs["X"])[0], Y)
        return dict(zip(leaves, torch.autograd.grad(L, list(leaves.values()))))
"""
_scope = {"torch": torch}
exec(compile(_SOURCE, torch.__file__, "exec"), _scope)  # looks like torch's own code to a reader of bytecode
_helper = _scope["helper"]


def backward(params, outputs, Y):
    return _helper(params, outputs, Y, forward, loss_accuracy)
