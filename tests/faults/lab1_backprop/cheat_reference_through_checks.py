"""Cheat: while graded, calls the reference the checks hold (lab1.REF), or borrows it from them.

expect: test_forward
"""
# %% forward
def forward(params, X):
    from dllabs.checks import lab1
    try:
        outputs = lab1.REF.forward(params, X)
    except PermissionError:
        outputs = lab1.REF.lend("forward")(params, X)
    return outputs["yhat"], outputs
