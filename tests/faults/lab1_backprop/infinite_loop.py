"""An infinite Python loop in backward: the cell is interrupted at its time limit.

expect: test_backward
"""
# %% backward
def backward(params, outputs, Y):
    while True:
        pass
