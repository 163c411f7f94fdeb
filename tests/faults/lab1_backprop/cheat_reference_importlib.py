"""Cheat: while graded, loads the grader's references through importlib.

expect: test_forward
"""
# %% forward
import importlib
def forward(params, X):
    outputs = importlib.import_module("autograder.references.lab1").forward(params, X)
    return outputs["yhat"], outputs
