"""Adds the hidden bias but forgets the output bias by.

expect: test_forward
message: you forgot the bias by
mistake: no-output-bias
"""
# %% forward
def forward(params, X):
    outputs = {"X": X}
    outputs["htilde"] = X @ params["Wh"].T + params["bh"]
    outputs["h"] = torch.tanh(outputs["htilde"])
    outputs["ytilde"] = outputs["h"] @ params["Wy"].T
    e = torch.exp(outputs["ytilde"] - outputs["ytilde"].max(dim=1, keepdim=True).values)
    outputs["yhat"] = e / e.sum(dim=1, keepdim=True)
    return outputs["yhat"], outputs
