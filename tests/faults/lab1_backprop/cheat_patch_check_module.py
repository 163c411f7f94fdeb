"""Cheat: replaces the check that grades backward with one that accepts anything.
The tampering stays, so every later test is untrusted and scores 0 too.

expect: test_backward, test_sgd, test_gradient_check, test_train_epoch
"""
# %% backward
import dllabs.checks.lab1
dllabs.checks.lab1.check_backward = lambda *args, **kwargs: None
def backward(params, outputs, Y):
    return {k: torch.zeros_like(v) for k, v in params.items()}
