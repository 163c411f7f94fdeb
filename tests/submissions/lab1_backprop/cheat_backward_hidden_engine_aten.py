"""Cheat: torch.ops.aten under _DisableTorchFunction, then the engine called directly,
in code compiled under torch's own file name with globals of its own (the static check
takes it for library code): caught at run time.

expect: test_backward
message: an autograd graph
mistake: uses-autograd
"""
# %% backward
_SOURCE = """
def helper(params, outputs, Y, forward, loss_accuracy):
    aten = torch.ops.aten
    keys = list(params)
    p = [params[k].detach().clone().requires_grad_(True) for k in keys]
    with torch._C.DisableTorchFunction(), torch.enable_grad():
        h = aten.tanh(aten.addmm(p[1], outputs["X"], aten.t(p[0])))
        logp = aten._log_softmax(aten.addmm(p[3], h, aten.t(p[2])), 1, False)
        L = aten.div(aten.neg(aten.sum(aten.mul(logp, Y))), Y.shape[0])
    engine = torch.autograd.variable.Variable._execution_engine
    return dict(zip(keys, engine.run_backward((L,), (torch.ones_like(L),), False, False, tuple(p), False, False)))
"""
_scope = {"torch": torch}
exec(compile(_SOURCE, torch.__file__, "exec"), _scope)  # looks like torch's own code to a reader of bytecode
_helper = _scope["helper"]


def backward(params, outputs, Y):
    return _helper(params, outputs, Y, forward, loss_accuracy)
