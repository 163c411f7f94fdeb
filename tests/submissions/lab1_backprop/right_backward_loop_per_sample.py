"""Backward pass one sample at a time, as in questions 15-17, accumulating in zeros_like tensors.

expect: none
"""
# %% backward
def backward(params, outputs, Y):
    n = Y.shape[0]
    grads = {key: torch.zeros_like(value) for key, value in params.items()}
    for i in range(n):
        x, h, yhat, y = outputs["X"][i], outputs["h"][i], outputs["yhat"][i], Y[i]
        dy = yhat - y                                   # (ny,)
        grads["Wy"] += dy[:, None] * h[None, :] / n      # (ny, nh)
        grads["by"] += dy / n
        dh = (params["Wy"].T @ dy) * (1 - h ** 2)        # (nh,)
        grads["Wh"] += dh[:, None] * x[None, :] / n
        grads["bh"] += dh / n
    return grads
