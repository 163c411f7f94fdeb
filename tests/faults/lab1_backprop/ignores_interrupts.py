"""A long op that ignores interrupts (as native code does until it returns): only the
submission's time limit ends it.

outcome: ungradable
"""
# %% backward
def backward(params, outputs, Y):
    import signal
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        pass
