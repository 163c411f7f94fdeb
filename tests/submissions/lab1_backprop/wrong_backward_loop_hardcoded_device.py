"""Accumulates the bias gradient in a tensor created on the default device: right on the
CPU, fails on any other device (the hidden test on the 'meta' device).

expect: test_backward
message: must follow its inputs' device
mistake: ignores-device
"""
# %% backward
def backward(params, outputs, Y):
    grads = {}
    n, ny = Y.shape
    nh = outputs["h"].shape[1]
    delta_y = (outputs["yhat"] - Y) / n
    grads["Wy"] = delta_y.T @ outputs["h"]
    grads["by"] = delta_y.sum(dim=0)
    delta_h = (delta_y @ params["Wy"]) * (1 - outputs["h"] ** 2)
    grads["Wh"] = delta_h.T @ outputs["X"]
    bh = torch.zeros(nh, dtype=Y.dtype)
    for i in range(n):
        bh = bh + delta_h[i]
    grads["bh"] = bh
    return grads
