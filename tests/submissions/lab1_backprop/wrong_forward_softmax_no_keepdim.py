"""Divides by e.sum(dim=1) without keepdim=True: (n, ny) / (n,) does not broadcast row-wise.

expect: test_forward
message: keepdim=True
mistake: shapes-do-not-broadcast
"""
# %% forward
def forward(params, X):
    outputs = {"X": X}
    outputs["htilde"] = X @ params["Wh"].T + params["bh"]
    outputs["h"] = torch.tanh(outputs["htilde"])
    outputs["ytilde"] = outputs["h"] @ params["Wy"].T + params["by"]
    e = torch.exp(outputs["ytilde"])
    outputs["yhat"] = e / e.sum(dim=1)
    return outputs["yhat"], outputs
