"""Counts the samples as Y.squeeze().shape[0]: for a batch of one row that is ny, not 1, and every
gradient is ny times too small.

expect: test_backward
message: n=1
mistake: contract-result
"""
# %% backward
def backward(params, outputs, Y):
    grads = {}
    n = Y.squeeze().shape[0]
    delta_y = (outputs["yhat"] - Y) / n
    grads["Wy"] = delta_y.T @ outputs["h"]
    grads["by"] = delta_y.sum(dim=0)
    delta_h = (delta_y @ params["Wy"]) * (1 - outputs["h"] ** 2)
    grads["Wh"] = delta_h.T @ outputs["X"]
    grads["bh"] = delta_h.sum(dim=0)
    return grads
