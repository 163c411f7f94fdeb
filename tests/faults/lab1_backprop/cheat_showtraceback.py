"""Cheat: overrides showtraceback so that a failing test shows no error.
The tampering stays, so every later test is untrusted and scores 0 too.

expect: test_backward, test_sgd, test_gradient_check, test_train_epoch
"""
# %% backward
get_ipython().showtraceback = lambda *args, **kwargs: None
def backward(params, outputs, Y):
    return {k: torch.zeros_like(v) for k, v in params.items()}
