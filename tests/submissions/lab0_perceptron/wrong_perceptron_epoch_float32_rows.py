"""Turns each row into float32 (.float()): torch.dot then refuses a float64 w.

expect: test_perceptron_epoch
message: same dtype
"""
# %% perceptron_epoch
def perceptron_epoch(w, b, X, y):
    mistakes = 0
    for i in range(X.shape[0]):
        x = X[i].float()
        if y[i] * (torch.dot(x, w) + b) <= 0:
            w = w + y[i] * x
            b = b + y[i]
            mistakes += 1
    return w, b, mistakes
