"""Differentiates the summed loss: every gradient is n times too large.

expect: test_backward
message: did you differentiate the summed loss instead of the mean
mistake: sum-not-mean
"""
# %% backward
def backward(params, outputs, Y):
    grads = {}
    delta_y = outputs["yhat"] - Y
    grads["Wy"] = delta_y.T @ outputs["h"]
    grads["by"] = delta_y.sum(dim=0)
    delta_h = (delta_y @ params["Wy"]) * (1 - outputs["h"] ** 2)
    grads["Wh"] = delta_h.T @ outputs["X"]
    grads["bh"] = delta_h.sum(dim=0)
    return grads
