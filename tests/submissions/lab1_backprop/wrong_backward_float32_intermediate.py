"""Computes the gradients in float32 and casts them back to the inputs' dtype: float64 is lost.

expect: test_backward
message: rounding error of float32
mistake: float32-intermediate
"""
# %% backward
def backward(params, outputs, Y):
    n = Y.shape[0]
    yhat, h, X, Wy = (t.float() for t in (outputs["yhat"], outputs["h"], outputs["X"], params["Wy"]))
    delta_y = (yhat - Y.float()) / n
    delta_h = (delta_y @ Wy) * (1 - h ** 2)
    grads = {"Wy": delta_y.T @ h, "by": delta_y.sum(dim=0), "Wh": delta_h.T @ X, "bh": delta_h.sum(dim=0)}
    return {k: g.to(Y.dtype) for k, g in grads.items()}
