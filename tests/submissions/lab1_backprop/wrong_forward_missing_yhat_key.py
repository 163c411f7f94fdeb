"""Returns the probabilities but never stores them in outputs["yhat"].

expect: test_forward
message: outputs has no key 'yhat'
"""
# %% forward
def forward(params, X):
    outputs = {"X": X}
    outputs["htilde"] = X @ params["Wh"].T + params["bh"]
    outputs["h"] = torch.tanh(outputs["htilde"])
    outputs["ytilde"] = outputs["h"] @ params["Wy"].T + params["by"]
    e = torch.exp(outputs["ytilde"] - outputs["ytilde"].max(dim=1, keepdim=True).values)
    Yhat = e / e.sum(dim=1, keepdim=True)
    return Yhat, outputs
