"""Cheat: The forward pass written with torch.ops.aten calls (they bypass __torch_function__), then autograd.

expect: test_backward
message: used torch.autograd, or a way to reach it
mistake: uses-autograd
"""
# %% backward
def backward(params, outputs, Y):
    aten = torch.ops.aten
    p = {k: v.detach().clone().requires_grad_(True) for k, v in params.items()}
    with torch.enable_grad():
        h = aten.tanh(aten.addmm(p["bh"], outputs["X"], aten.t(p["Wh"])))
        logp = aten._log_softmax(aten.addmm(p["by"], h, aten.t(p["Wy"])), 1, False)
        L = aten.div(aten.neg(aten.sum(aten.mul(logp, Y))), Y.shape[0])
        return dict(zip(p, torch.autograd.grad(L, list(p.values()))))
