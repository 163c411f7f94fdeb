"""Cheat: while graded, looks the grader's references up in sys.modules (where a check loaded them).

expect: test_forward
"""
# %% forward
import sys
def forward(params, X):
    answers = sys.modules.get("autograder.references.lab1") or sys.modules["autograder.references"].lab1
    outputs = answers.forward(params, X)
    return outputs["yhat"], outputs
