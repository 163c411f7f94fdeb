"""Prints 20 MB on one line from a correct forward: full marks, output capped.

expect: none
"""
# %% forward
_printed = []
def forward(params, X):
    if not _printed:
        print("x" * (20 * 2**20))
        _printed.append(True)
    outputs = {"X": X}
    outputs["htilde"] = X @ params["Wh"].T + params["bh"]
    outputs["h"] = torch.tanh(outputs["htilde"])
    outputs["ytilde"] = outputs["h"] @ params["Wy"].T + params["by"]
    outputs["yhat"] = torch.softmax(outputs["ytilde"], dim=1)
    return outputs["yhat"], outputs
