"""Softmax without subtracting each row's maximum: exp(ytilde) overflows to inf (and inf / inf to
NaN) once the logits pass about 88 in float32 or 709 in float64.

expect: test_forward
message: an unstable formula overflows
mistake: contract-result
"""
# %% forward
def forward(params, X):
    outputs = {"X": X}
    outputs["htilde"] = X @ params["Wh"].T + params["bh"]
    outputs["h"] = torch.tanh(outputs["htilde"])
    outputs["ytilde"] = outputs["h"] @ params["Wy"].T + params["by"]
    e = torch.exp(outputs["ytilde"])
    outputs["yhat"] = e / e.sum(dim=1, keepdim=True)
    return outputs["yhat"], outputs
