"""Writes the tanh derivative as 1 - htilde**2 (the pre-activation) instead of 1 - h**2.

expect: test_backward
message: not 1 - htilde**2
mistake: derivative-of-htilde
"""
# %% backward
def backward(params, outputs, Y):
    grads = {}
    n = Y.shape[0]
    delta_y = (outputs["yhat"] - Y) / n
    grads["Wy"] = delta_y.T @ outputs["h"]
    grads["by"] = delta_y.sum(dim=0)
    delta_h = (delta_y @ params["Wy"]) * (1 - outputs["htilde"] ** 2)
    grads["Wh"] = delta_h.T @ outputs["X"]
    grads["bh"] = delta_h.sum(dim=0)
    return grads
