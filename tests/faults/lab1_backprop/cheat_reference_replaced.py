"""Cheat: replaces the references the checks hold with its own forward (a forward without tanh,
compared with itself). The tampering stays, so every later test is untrusted and scores 0 too.

expect: test_forward, test_loss_accuracy, test_backward, test_sgd, test_gradient_check, test_train_epoch
"""
# %% forward
import torch
from dllabs.checks import lab1 as _checks
def forward(params, X):
    htilde = X @ params["Wh"].T + params["bh"]
    ytilde = htilde @ params["Wy"].T + params["by"]
    yhat = torch.softmax(ytilde, dim=1)
    return yhat, {"X": X, "htilde": htilde, "h": htilde, "ytilde": ytilde, "yhat": yhat}
class _Mine:
    def __getattr__(self, name):
        return lambda params, X, *args, **kwargs: forward(params, X)[1]
    def lend(self, name):
        return getattr(self, name)
_checks.REF._loaded = _Mine()
