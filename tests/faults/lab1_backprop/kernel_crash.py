"""A segmentation fault in loss_accuracy: the kernel crashes midway.

outcome: ungradable
"""
# %% loss_accuracy
def loss_accuracy(Yhat, Y):
    import ctypes
    ctypes.string_at(0)
