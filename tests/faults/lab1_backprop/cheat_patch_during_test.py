"""Cheat: backward itself, when a test calls it, disarms the comparison the checks use.
The tampering stays, so every later test is untrusted and scores 0 too.

expect: test_backward, test_sgd, test_gradient_check, test_train_epoch
"""
# %% backward
def backward(params, outputs, Y):
    import dllabs.checks.lab1 as checks
    checks.expect_tensor = lambda *args, **kwargs: None
    return {k: torch.zeros_like(v) for k, v in params.items()}
