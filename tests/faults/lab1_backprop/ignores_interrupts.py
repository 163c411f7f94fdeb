"""A long native-like op that ignores interrupts: only the submission's time limit ends it.

outcome: ungradable
"""
# %% backward
def backward(params, outputs, Y):
    import signal
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    while True:
        pass
