"""Uses the sigmoid's derivative h (1 - h) for the tanh layer.

expect: test_backward
message: that is the sigmoid's derivative h (1 - h)
mistake: sigmoid-derivative
"""
# %% backward
def backward(params, outputs, Y):
    grads = {}
    n = Y.shape[0]
    h = outputs["h"]
    delta_y = (outputs["yhat"] - Y) / n
    grads["Wy"] = delta_y.T @ h
    grads["by"] = delta_y.sum(dim=0)
    delta_h = (delta_y @ params["Wy"]) * h * (1 - h)
    grads["Wh"] = delta_h.T @ outputs["X"]
    grads["bh"] = delta_h.sum(dim=0)
    return grads
