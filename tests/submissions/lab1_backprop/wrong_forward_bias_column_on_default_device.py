"""Folds the bias into the weights with a column of ones made by torch.ones(n, 1) on the default device: right on the CPU, fails on a GPU (the hidden test on the 'meta' device).

expect: test_forward
message: follow its inputs' device
mistake: ignores-device
"""
# %% forward
def forward(params, X):
    outputs = {"X": X}
    ones = torch.ones(X.shape[0], 1, dtype=X.dtype)
    Wh_b = torch.cat([params["Wh"], params["bh"][:, None]], dim=1)
    outputs["htilde"] = torch.cat([X, ones], dim=1) @ Wh_b.T
    outputs["h"] = torch.tanh(outputs["htilde"])
    outputs["ytilde"] = outputs["h"] @ params["Wy"].T + params["by"]
    e = torch.exp(outputs["ytilde"] - outputs["ytilde"].max(dim=1, keepdim=True).values)
    outputs["yhat"] = e / e.sum(dim=1, keepdim=True)
    return outputs["yhat"], outputs
