"""Takes the output error as Y - Yhat: every gradient has the wrong sign.

expect: test_backward
message: it has the wrong sign
mistake: wrong-sign
"""
# %% backward
def backward(params, outputs, Y):
    grads = {}
    n = Y.shape[0]
    delta_y = (Y - outputs["yhat"]) / n
    grads["Wy"] = delta_y.T @ outputs["h"]
    grads["by"] = delta_y.sum(dim=0)
    delta_h = (delta_y @ params["Wy"]) * (1 - outputs["h"] ** 2)
    grads["Wh"] = delta_h.T @ outputs["X"]
    grads["bh"] = delta_h.sum(dim=0)
    return grads
