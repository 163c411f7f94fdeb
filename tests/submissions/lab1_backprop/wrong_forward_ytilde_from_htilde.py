"""Feeds the pre-activation htilde (not h) to the output layer.

expect: test_forward
message: the output layer takes h = tanh(htilde)
mistake: ytilde-from-htilde
"""
# %% forward
def forward(params, X):
    outputs = {"X": X}
    outputs["htilde"] = X @ params["Wh"].T + params["bh"]
    outputs["h"] = torch.tanh(outputs["htilde"])
    outputs["ytilde"] = outputs["htilde"] @ params["Wy"].T + params["by"]
    e = torch.exp(outputs["ytilde"] - outputs["ytilde"].max(dim=1, keepdim=True).values)
    outputs["yhat"] = e / e.sum(dim=1, keepdim=True)
    return outputs["yhat"], outputs
