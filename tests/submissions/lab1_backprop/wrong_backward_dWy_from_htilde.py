"""Uses the pre-activation htilde instead of h = tanh(htilde) as the input of the output layer.

expect: test_backward
message: the output layer takes h = tanh(htilde)
mistake: dwy-from-htilde
"""
# %% backward
def backward(params, outputs, Y):
    grads = {}
    n = Y.shape[0]
    delta_y = (outputs["yhat"] - Y) / n
    grads["Wy"] = delta_y.T @ outputs["htilde"]
    grads["by"] = delta_y.sum(dim=0)
    delta_h = (delta_y @ params["Wy"]) * (1 - outputs["h"] ** 2)
    grads["Wh"] = delta_h.T @ outputs["X"]
    grads["bh"] = delta_h.sum(dim=0)
    return grads
