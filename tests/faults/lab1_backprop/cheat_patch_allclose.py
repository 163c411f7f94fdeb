"""Cheat: monkeypatches torch.allclose so that any result looks right.
The tampering stays, so every later test is untrusted and scores 0 too.

expect: test_backward, test_sgd, test_gradient_check, test_train_epoch
"""
# %% backward
torch.allclose = lambda *args, **kwargs: True
def backward(params, outputs, Y):
    return {k: torch.zeros_like(v) for k, v in params.items()}
