"""Counts the updates in a 0-dim integer tensor: the docstring says the count is an int.

expect: test_perceptron_epoch
message: mistakes is a Tensor of shape (), the text says a Python int
mistake: contract-result
"""
# %% perceptron_epoch
def perceptron_epoch(w, b, X, y):
    mistakes = torch.zeros((), dtype=torch.long)
    for x_i, y_i in zip(X, y):
        if (y_i * (w @ x_i + b)).item() <= 0:
            w, b = w + y_i * x_i, b + y_i
            mistakes += 1
    return w, b, mistakes
