"""Cheat: The autograd engine called directly (Variable._execution_engine.run_backward).

expect: test_backward
message: used torch.autograd, or a way to reach it
mistake: uses-autograd
"""
# %% backward
def backward(params, outputs, Y):
    keys = list(params)
    leaves = [params[k].detach().clone().requires_grad_(True) for k in keys]
    with torch.enable_grad():
        L, _ = loss_accuracy(forward(dict(zip(keys, leaves)), outputs["X"])[0], Y)
    engine = torch.autograd.variable.Variable._execution_engine
    g = engine.run_backward((L,), (torch.ones_like(L),), False, False, tuple(leaves), False, False)
    return dict(zip(keys, g))
