"""Divides the output error by n, then averages the weight gradients over n again.

expect: test_backward
message: did you divide by n twice
mistake: divided-twice
"""
# %% backward
def backward(params, outputs, Y):
    grads = {}
    n = Y.shape[0]
    delta_y = (outputs["yhat"] - Y) / n
    grads["Wy"] = delta_y.T @ outputs["h"] / n
    grads["by"] = delta_y.mean(dim=0)
    delta_h = (delta_y @ params["Wy"]) * (1 - outputs["h"] ** 2)
    grads["Wh"] = delta_h.T @ outputs["X"] / n
    grads["bh"] = delta_h.mean(dim=0)
    return grads
