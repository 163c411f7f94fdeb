"""os._exit(0) inside sgd kills the kernel midway.

outcome: ungradable
"""
# %% sgd
def sgd(params, grads, eta):
    import os
    os._exit(0)
