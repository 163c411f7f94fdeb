"""Forgets the bias bh.

expect: test_rnn_forward
message: you forgot the bias bh
mistake: no-bias
"""
# %% rnn_forward
def rnn_forward(params, X, h0):
    h, states = h0, []
    for t in range(X.shape[1]):
        h = torch.tanh(X[:, t] @ params["Wxh"].T + h @ params["Whh"].T)
        states.append(h)
    H = torch.stack(states, dim=1)
    return H, {"X": X, "h0": h0, "H": H}
