"""Fills a preallocated H (X's device and dtype) step by step, with F.linear.

expect: none
"""
# %% rnn_forward
def rnn_forward(params, X, h0):
    n, T, _ = X.shape
    H = torch.empty(n, T, h0.shape[1], device=X.device, dtype=X.dtype)
    h = h0
    for t in range(T):
        h = torch.tanh(F.linear(X[:, t], params["Wxh"], params["bh"]) + F.linear(h, params["Whh"]))
        H[:, t] = h
    return H, {"X": X, "h0": h0, "H": H, "steps": T}
