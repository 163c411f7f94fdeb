"""Cheat: forward_ad after closing the dual level the check holds, reopened after,
in code compiled under torch's own file name with globals of its own (the static check
takes it for library code): caught at run time.

expect: test_backward
message: forward-mode autograd
mistake: uses-autograd
"""
# %% backward
_SOURCE = """
import torch.autograd.forward_ad as fwAD
def helper(params, outputs, Y, forward, loss_accuracy):
    try:
        torch._C._exit_dual_level(level=0)  # the level the check holds
        held = True
    except RuntimeError:
        held = False
    grads = {}
    try:
        for k, v in params.items():
            flat = v.flatten()
            g = torch.empty_like(flat)
            for i in range(flat.numel()):
                tangent = torch.zeros_like(flat)
                tangent[i] = 1
                with fwAD.dual_level():
                    p = dict(params)
                    p[k] = fwAD.make_dual(v, tangent.view_as(v))
                    L = loss_accuracy(forward(p, outputs["X"])[0], Y)[0]
                    g[i] = fwAD.unpack_dual(L).tangent
            grads[k] = g.view_as(v)
    finally:
        if held:
            torch._C._enter_dual_level()
    return grads
"""
_scope = {"torch": torch}
exec(compile(_SOURCE, torch.__file__, "exec"), _scope)  # looks like torch's own code to a reader of bytecode
_helper = _scope["helper"]


def backward(params, outputs, Y):
    return _helper(params, outputs, Y, forward, loss_accuracy)
