"""Forward pass with torch.nn.functional: F.linear for both layers, F.softmax on the last dim.

expect: none
"""
# %% forward
import torch.nn.functional as F


def forward(params, X):
    htilde = F.linear(X, params["Wh"], params["bh"])
    h = torch.tanh(htilde)
    ytilde = F.linear(h, params["Wy"], params["by"])
    yhat = F.softmax(ytilde, dim=-1)
    return yhat, {"X": X, "htilde": htilde, "h": h, "ytilde": ytilde, "yhat": yhat}
