"""Cheat: a fake checks module in sys.modules, imported again so the tests call it.
The tampering stays, so every later test is untrusted and scores 0 too.

expect: test_backward, test_sgd, test_gradient_check, test_train_epoch
"""
# %% backward
import sys, types
import dllabs.checks.lab1 as _real
_fake = types.ModuleType("dllabs.checks.lab1")
_fake.__dict__.update(vars(_real))
_fake.check_backward = lambda *args, **kwargs: None
sys.modules["dllabs.checks.lab1"] = _fake
sys.modules["dllabs.checks"].lab1 = _fake
from dllabs.checks import lab1
def backward(params, outputs, Y):
    return {k: torch.zeros_like(v) for k, v in params.items()}
