"""Starts the recurrence from zeros instead of the h0 it is given.

expect: test_rnn_forward
message: it starts from zeros
mistake: ignores-h0
"""
# %% rnn_forward
def rnn_forward(params, X, h0):
    h, states = torch.zeros_like(h0), []
    for t in range(X.shape[1]):
        h = torch.tanh(X[:, t] @ params["Wxh"].T + h @ params["Whh"].T + params["bh"])
        states.append(h)
    H = torch.stack(states, dim=1)
    return H, {"X": X, "h0": h0, "H": H}
