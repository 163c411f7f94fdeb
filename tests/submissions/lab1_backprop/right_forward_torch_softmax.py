"""Forward pass with the built-in torch.softmax.

expect: none
"""
# %% forward
def forward(params, X):
    outputs = {"X": X}
    outputs["htilde"] = X @ params["Wh"].T + params["bh"]
    outputs["h"] = torch.tanh(outputs["htilde"])
    outputs["ytilde"] = outputs["h"] @ params["Wy"].T + params["by"]
    outputs["yhat"] = torch.softmax(outputs["ytilde"], dim=1)
    return outputs["yhat"], outputs
