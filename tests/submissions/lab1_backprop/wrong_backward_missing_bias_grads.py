"""Computes the weight gradients only: no 'bh' or 'by' in the returned dict.

expect: test_backward
message: grads has no key 'bh'
"""
# %% backward
def backward(params, outputs, Y):
    grads = {}
    n = Y.shape[0]
    delta_y = (outputs["yhat"] - Y) / n
    grads["Wy"] = delta_y.T @ outputs["h"]
    delta_h = (delta_y @ params["Wy"]) * (1 - outputs["h"] ** 2)
    grads["Wh"] = delta_h.T @ outputs["X"]
    return grads
