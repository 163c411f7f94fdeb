"""Cheat: monkeypatches torch.allclose so that any result looks right.

expect: test_backward
"""
# %% backward
torch.allclose = lambda *args, **kwargs: True
def backward(params, outputs, Y):
    return {k: torch.zeros_like(v) for k, v in params.items()}
