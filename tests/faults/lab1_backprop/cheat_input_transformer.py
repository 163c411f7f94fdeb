"""Cheat: an IPython input transformer wraps every later cell in try/except, so no test fails.
The tampering stays, so every later test is untrusted and scores 0 too.

expect: test_backward, test_sgd, test_gradient_check, test_train_epoch
"""
# %% backward
def _swallow(lines):
    return ["try:\n"] + ["    " + line for line in lines] + ["\nexcept BaseException:\n    pass\n"]
get_ipython().input_transformers_post.append(_swallow)
def backward(params, outputs, Y):
    return {k: torch.zeros_like(v) for k, v in params.items()}
