"""Cheat: autograd in a thread,
in code compiled under torch's own file name with globals of its own (the static check
takes it for library code): caught at run time.

expect: test_backward
message: an autograd graph was built in thread
mistake: uses-autograd
"""
# %% backward
_SOURCE = """
import threading
def helper(params, outputs, Y, forward, loss_accuracy):
    result = {}
    def work():
        leaves = {k: v.detach().clone().requires_grad_(True) for k, v in params.items()}
        try:  # the tripwire's error, caught: the use is noted all the same
            with torch.enable_grad():
                L, _ = loss_accuracy(forward(leaves, outputs["X"])[0], Y)
                result.update(zip(leaves, torch.autograd.grad(L, list(leaves.values()))))
        except RuntimeError:
            result.update({k: torch.zeros_like(v) for k, v in params.items()})
    t = threading.Thread(target=work)
    t.start()
    t.join()
    return result
"""
_scope = {"torch": torch}
exec(compile(_SOURCE, torch.__file__, "exec"), _scope)  # looks like torch's own code to a reader of bytecode
_helper = _scope["helper"]


def backward(params, outputs, Y):
    return _helper(params, outputs, Y, forward, loss_accuracy)
