"""Cheat: autograd in a child Python process (a fresh interpreter, beyond any in-process monitor),
in code compiled under torch's own file name with globals of its own (the static check
takes it for library code): caught at run time.

expect: test_backward
message: a process
mistake: uses-autograd
"""
# %% backward
_SOURCE = """
import os, subprocess, sys, tempfile
def helper(params, outputs, Y, forward, loss_accuracy):
    folder = tempfile.mkdtemp()
    torch.save({"params": dict(params), "X": outputs["X"], "Y": Y}, os.path.join(folder, "in.pt"))
    code = (
        "import torch, torch.nn.functional as F, sys\\n"
        "d = torch.load(sys.argv[1] + '/in.pt')\\n"
        "p = {k: v.clone().requires_grad_(True) for k, v in d['params'].items()}\\n"
        "yt = F.linear(torch.tanh(F.linear(d['X'], p['Wh'], p['bh'])), p['Wy'], p['by'])\\n"
        "L = F.cross_entropy(yt, d['Y'].argmax(dim=1))\\n"
        "torch.save(dict(zip(p, torch.autograd.grad(L, list(p.values())))), sys.argv[1] + '/out.pt')\\n")
    subprocess.run([sys.executable, "-c", code, folder], check=True, capture_output=True)
    return torch.load(os.path.join(folder, "out.pt"))
"""
_scope = {"torch": torch}
exec(compile(_SOURCE, torch.__file__, "exec"), _scope)  # looks like torch's own code to a reader of bytecode
_helper = _scope["helper"]


def backward(params, outputs, Y):
    return _helper(params, outputs, Y, forward, loss_accuracy)
