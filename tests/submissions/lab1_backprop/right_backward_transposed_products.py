"""Backward pass written with the products the other way round, (h^T delta)^T, and .mean for the 1/n.

expect: none
"""
# %% backward
def backward(params, outputs, Y):
    delta_y = outputs["yhat"] - Y                       # per-sample gradients, not yet divided by n
    delta_h = (delta_y @ params["Wy"]) * (1 - outputs["h"].pow(2))
    n = Y.size(0)
    return {
        "Wy": (outputs["h"].T @ delta_y).T / n,
        "by": delta_y.mean(dim=0),
        "Wh": (outputs["X"].T @ delta_h).T / n,
        "bh": delta_h.mean(dim=0),
    }
