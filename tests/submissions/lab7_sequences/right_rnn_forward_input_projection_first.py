"""Projects every input step at once (one matrix product over all of X), then loops for the recurrence.

expect: none
"""
# %% rnn_forward
def rnn_forward(params, X, h0):
    XW = X @ params["Wxh"].T + params["bh"]
    states = []
    h = h0
    for xw in XW.unbind(dim=1):
        h = torch.tanh(xw + h @ params["Whh"].T)
        states.append(h)
    H = torch.stack(states, dim=1)
    return H, dict(X=X, h0=h0, H=H)
