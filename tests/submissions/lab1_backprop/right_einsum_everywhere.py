"""Writes every product of the forward and backward passes with torch.einsum.

expect: none
"""
# %% forward
def forward(params, X):
    outputs = {"X": X}
    outputs["htilde"] = torch.einsum("ni,hi->nh", X, params["Wh"]) + params["bh"]
    outputs["h"] = torch.tanh(outputs["htilde"])
    outputs["ytilde"] = torch.einsum("nh,yh->ny", outputs["h"], params["Wy"]) + params["by"]
    e = torch.exp(outputs["ytilde"] - outputs["ytilde"].amax(dim=1, keepdim=True))
    outputs["yhat"] = e / torch.einsum("ny->n", e)[:, None]
    return outputs["yhat"], outputs

# %% loss_accuracy
def loss_accuracy(Yhat, Y):
    L = -torch.einsum("ny,ny->", Y, torch.log(Yhat)) / Y.shape[0]
    acc = (Yhat.argmax(dim=1) == Y.argmax(dim=1)).to(Yhat.dtype).mean()
    return L, acc

# %% backward
def backward(params, outputs, Y):
    grads = {}
    n = Y.shape[0]
    delta_y = (outputs["yhat"] - Y) / n
    grads["Wy"] = torch.einsum("ny,nh->yh", delta_y, outputs["h"])
    grads["by"] = torch.einsum("ny->y", delta_y)
    delta_h = torch.einsum("ny,yh->nh", delta_y, params["Wy"]) * (1 - outputs["h"] ** 2)
    grads["Wh"] = torch.einsum("nh,ni->hi", delta_h, outputs["X"])
    grads["bh"] = torch.einsum("nh->h", delta_h)
    return grads
