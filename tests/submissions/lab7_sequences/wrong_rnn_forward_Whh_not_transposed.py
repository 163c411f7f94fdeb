"""Multiplies the previous state by Whh instead of Whh.T (it runs: Whh is square).

expect: test_rnn_forward
message: the recurrence uses h @ Whh
mistake: whh-not-transposed
"""
# %% rnn_forward
def rnn_forward(params, X, h0):
    h, states = h0, []
    for t in range(X.shape[1]):
        h = torch.tanh(X[:, t] @ params["Wxh"].T + h @ params["Whh"] + params["bh"])
        states.append(h)
    H = torch.stack(states, dim=1)
    return H, {"X": X, "h0": h0, "H": H}
