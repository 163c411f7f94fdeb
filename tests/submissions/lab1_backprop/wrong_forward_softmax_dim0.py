"""Normalises the softmax over the samples (dim=0): columns sum to 1, not rows.

expect: test_forward
message: softmax over the wrong axis
mistake: softmax-wrong-axis
"""
# %% forward
def forward(params, X):
    outputs = {"X": X}
    outputs["htilde"] = X @ params["Wh"].T + params["bh"]
    outputs["h"] = torch.tanh(outputs["htilde"])
    outputs["ytilde"] = outputs["h"] @ params["Wy"].T + params["by"]
    e = torch.exp(outputs["ytilde"])
    outputs["yhat"] = e / e.sum(dim=0, keepdim=True)
    return outputs["yhat"], outputs
