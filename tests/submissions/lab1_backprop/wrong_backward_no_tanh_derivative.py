"""Back-propagates through the hidden layer as if it were linear: the tanh derivative is missing.

expect: test_backward
message: the tanh derivative is missing
mistake: no-tanh-derivative
"""
# %% backward
def backward(params, outputs, Y):
    grads = {}
    n = Y.shape[0]
    delta_y = (outputs["yhat"] - Y) / n
    grads["Wy"] = delta_y.T @ outputs["h"]
    grads["by"] = delta_y.sum(dim=0)
    delta_h = delta_y @ params["Wy"]
    grads["Wh"] = delta_h.T @ outputs["X"]
    grads["bh"] = delta_h.sum(dim=0)
    return grads
