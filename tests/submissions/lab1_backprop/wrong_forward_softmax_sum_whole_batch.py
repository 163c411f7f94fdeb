"""Divides exp(ytilde) by its sum over the whole batch (no dim): the matrix sums to 1, not each row.

expect: test_forward
message: over each row
mistake: softmax-whole-batch
"""
# %% forward
def forward(params, X):
    outputs = {"X": X}
    outputs["htilde"] = X @ params["Wh"].T + params["bh"]
    outputs["h"] = torch.tanh(outputs["htilde"])
    outputs["ytilde"] = outputs["h"] @ params["Wy"].T + params["by"]
    e = torch.exp(outputs["ytilde"])
    outputs["yhat"] = e / torch.sum(e)
    return outputs["yhat"], outputs
