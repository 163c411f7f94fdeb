"""Computes dL/dWy as h^T delta: the (nh, ny) transpose of the gradient.

expect: test_backward
message: it is transposed
mistake: transposed
"""
# %% backward
def backward(params, outputs, Y):
    grads = {}
    n = Y.shape[0]
    delta_y = (outputs["yhat"] - Y) / n
    grads["Wy"] = outputs["h"].T @ delta_y
    grads["by"] = delta_y.sum(dim=0)
    delta_h = (delta_y @ params["Wy"]) * (1 - outputs["h"] ** 2)
    grads["Wh"] = delta_h.T @ outputs["X"]
    grads["bh"] = delta_h.sum(dim=0)
    return grads
