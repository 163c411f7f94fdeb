"""Preallocates H with torch.zeros on X's device but without its dtype: float64 inputs give float32 states.

expect: test_rnn_forward
message: has dtype torch.float32
mistake: hard-coded-dtype
"""
# %% rnn_forward
def rnn_forward(params, X, h0):
    n, T = X.shape[0], X.shape[1]
    H = torch.zeros(n, T, params["Whh"].shape[0], device=X.device)
    h = h0
    for t in range(T):
        h = torch.tanh(X[:, t] @ params["Wxh"].T + h @ params["Whh"].T + params["bh"])
        H[:, t] = h
    return H, {"X": X, "h0": h0, "H": H}
