"""Backward pass with torch.outer per sample, into tensors created with the inputs' device and dtype.

expect: none
"""
# %% backward
def backward(params, outputs, Y):
    X, H, Yhat = outputs["X"], outputs["h"], outputs["yhat"]
    n, ny = Y.shape
    nh, nx = params["Wh"].shape
    opts = dict(device=Y.device, dtype=Y.dtype)
    dWy, dby = torch.zeros(ny, nh, **opts), torch.zeros(ny, **opts)
    dWh, dbh = torch.zeros(nh, nx, **opts), torch.zeros(nh, **opts)
    for i in range(n):
        dy = (Yhat[i] - Y[i]) / n
        dWy = dWy + torch.outer(dy, H[i])
        dby = dby + dy
        dh = (dy @ params["Wy"]) * (1 - H[i] * H[i])
        dWh = dWh + torch.outer(dh, X[i])
        dbh = dbh + dh
    return {"Wh": dWh, "bh": dbh, "Wy": dWy, "by": dby}
