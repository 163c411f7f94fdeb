"""Uses a sigmoid as the hidden activation instead of tanh.

expect: test_forward
message: that is a sigmoid; the hidden activation of this network is tanh
mistake: sigmoid-hidden
"""
# %% forward
def forward(params, X):
    outputs = {"X": X}
    outputs["htilde"] = X @ params["Wh"].T + params["bh"]
    outputs["h"] = 1 / (1 + torch.exp(-outputs["htilde"]))
    outputs["ytilde"] = outputs["h"] @ params["Wy"].T + params["by"]
    e = torch.exp(outputs["ytilde"] - outputs["ytilde"].max(dim=1, keepdim=True).values)
    outputs["yhat"] = e / e.sum(dim=1, keepdim=True)
    return outputs["yhat"], outputs
