"""Back-propagates the error through Wy^T instead of Wy: the product's shapes do not match.

expect: test_backward
message: delta_h = (delta_y @ Wy)
mistake: mismatched-matrix-product
"""
# %% backward
def backward(params, outputs, Y):
    grads = {}
    n = Y.shape[0]
    delta_y = (outputs["yhat"] - Y) / n
    grads["Wy"] = delta_y.T @ outputs["h"]
    grads["by"] = delta_y.sum(dim=0)
    delta_h = (delta_y @ params["Wy"].T) * (1 - outputs["h"] ** 2)
    grads["Wh"] = delta_h.T @ outputs["X"]
    grads["bh"] = delta_h.sum(dim=0)
    return grads
