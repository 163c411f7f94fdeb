"""Forward pass with torch.addmm and a softmax written as exp(ytilde - logsumexp(ytilde)).

expect: none
"""
# %% forward
def forward(params, X):
    outputs = {"X": X}
    outputs["htilde"] = torch.addmm(params["bh"], X, params["Wh"].t())
    outputs["h"] = outputs["htilde"].tanh()
    outputs["ytilde"] = torch.addmm(params["by"], outputs["h"], params["Wy"].t())
    outputs["yhat"] = torch.exp(outputs["ytilde"] - torch.logsumexp(outputs["ytilde"], dim=1, keepdim=True))
    return outputs["yhat"], outputs
