"""Allocates without bound in forward: the memory limit stops it, other tests still count.

expect: test_forward
"""
# %% forward
def forward(params, X):
    hoard = []
    while True:
        hoard.append(bytearray(256 * 2**20))
