"""Cheat: while graded, imports the grader's reference of forward by name and returns its answer.

expect: test_forward
"""
# %% forward
def forward(params, X):
    import autograder.references.lab1 as answers
    outputs = answers.forward(params, X)
    return outputs["yhat"], outputs
