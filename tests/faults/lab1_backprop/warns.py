"""Correct code that emits a warning at every call: full marks.

expect: none
"""
# %% backward
def backward(params, outputs, Y):
    import warnings
    warnings.warn("this backward is slow", RuntimeWarning)
    n = Y.shape[0]
    delta_y = (outputs["yhat"] - Y) / n
    delta_h = (delta_y @ params["Wy"]) * (1 - outputs["h"] ** 2)
    return {"Wy": delta_y.T @ outputs["h"], "by": delta_y.sum(0), "Wh": delta_h.T @ outputs["X"], "bh": delta_h.sum(0)}
