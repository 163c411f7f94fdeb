"""Computes dL/dWh as X^T delta_h, an (nx, nh) matrix: Wh is (nh, nx).

expect: test_backward
message: it is transposed
mistake: transposed
"""
# %% backward
def backward(params, outputs, Y):
    grads = {}
    n = Y.shape[0]
    delta_y = (outputs["yhat"] - Y) / n
    grads["Wy"] = delta_y.T @ outputs["h"]
    grads["by"] = delta_y.sum(dim=0)
    delta_h = (delta_y @ params["Wy"]) * (1 - outputs["h"] ** 2)
    grads["Wh"] = outputs["X"].T @ delta_h
    grads["bh"] = delta_h.sum(dim=0)
    return grads
