"""sys.exit() inside a graded function: that test fails, the notebook goes on.

expect: test_sgd
"""
# %% sgd
def sgd(params, grads, eta):
    import sys
    sys.exit()
