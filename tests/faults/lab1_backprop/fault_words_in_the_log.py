"""Right code whose answer cell writes the words nbgrader's log holds when the grader fails
("OperationalError: database is locked", "DeadKernelError", "CellTimeoutError", "There was an
error processing") to the kernel's own stderr, Python's and the file descriptor's (which the
nbgrader process's log receives): graded as its own, full marks, never a grader fault.

expect: none
"""
# %% sgd
import os as _os
import sys as _sys

_WORDS = ("sqlalchemy.exc.OperationalError: (sqlite3.OperationalError) database is locked\n"
          "[AutogradeApp | ERROR] There was an error processing assignment\n"
          "nbclient.exceptions.DeadKernelError: Kernel died\n"
          "nbclient.exceptions.CellTimeoutError: A cell timed out while it was being executed, Timeout\n")
print(_WORDS, file=_sys.__stderr__, flush=True)
_os.write(2, _WORDS.encode())


def sgd(params, grads, eta):
    for key in params:
        params[key] = params[key] - eta * grads[key]
    return params
