"""Forgets the hidden activation: h = htilde.

expect: test_forward
message: you forgot the tanh activation
mistake: no-tanh
"""
# %% forward
def forward(params, X):
    outputs = {"X": X}
    outputs["htilde"] = X @ params["Wh"].T + params["bh"]
    outputs["h"] = outputs["htilde"]
    outputs["ytilde"] = outputs["h"] @ params["Wy"].T + params["by"]
    e = torch.exp(outputs["ytilde"] - outputs["ytilde"].max(dim=1, keepdim=True).values)
    outputs["yhat"] = e / e.sum(dim=1, keepdim=True)
    return outputs["yhat"], outputs
