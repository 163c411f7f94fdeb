"""Takes exp(ytilde) as the probabilities, without dividing by the row sums.

expect: test_forward
message: exp(ytilde) is not normalised
mistake: softmax-not-normalised
"""
# %% forward
def forward(params, X):
    outputs = {"X": X}
    outputs["htilde"] = X @ params["Wh"].T + params["bh"]
    outputs["h"] = torch.tanh(outputs["htilde"])
    outputs["ytilde"] = outputs["h"] @ params["Wy"].T + params["by"]
    outputs["yhat"] = torch.exp(outputs["ytilde"])
    return outputs["yhat"], outputs
