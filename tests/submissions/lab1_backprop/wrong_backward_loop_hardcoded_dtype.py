"""Accumulates the gradient of Wy in a float32 tensor whatever the inputs' dtype.

expect: test_backward
message: do not hard-code the dtype
mistake: hard-coded-dtype
"""
# %% backward
def backward(params, outputs, Y):
    grads = {}
    n = Y.shape[0]
    delta_y = (outputs["yhat"] - Y) / n
    gWy = torch.zeros(params["Wy"].shape, device=Y.device)
    for i in range(n):
        gWy += delta_y[i][:, None] * outputs["h"][i][None, :]
    grads["Wy"] = gWy
    grads["by"] = delta_y.sum(dim=0)
    delta_h = (delta_y @ params["Wy"]) * (1 - outputs["h"] ** 2)
    grads["Wh"] = delta_h.T @ outputs["X"]
    grads["bh"] = delta_h.sum(dim=0)
    return grads
