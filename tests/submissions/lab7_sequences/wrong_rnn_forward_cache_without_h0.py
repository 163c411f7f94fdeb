"""Leaves h0 out of the cache, which rnn_backward needs for the first step.

expect: test_rnn_forward
message: missing ['h0']
mistake: cache-incomplete
"""
# %% rnn_forward
def rnn_forward(params, X, h0):
    h, states = h0, []
    for t in range(X.shape[1]):
        h = torch.tanh(X[:, t] @ params["Wxh"].T + h @ params["Whh"].T + params["bh"])
        states.append(h)
    H = torch.stack(states, dim=1)
    return H, {"X": X, "H": H}
