"""A graded function that raises an exception whose message holds the words of a grader fault
("OperationalError: database is locked", "DeadKernelError"): its own test loses its points,
and the submission is graded, never retried as the grader's fault.

expect: test_sgd
"""
# %% sgd
def sgd(params, grads, eta):
    raise RuntimeError("sqlalchemy.exc.OperationalError: database is locked; DeadKernelError: Kernel died")
