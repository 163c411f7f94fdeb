"""Stacks the states along dim 0: H is (T, n, nh), time first.

expect: test_rnn_forward
message: the batch comes first
mistake: time-major
"""
# %% rnn_forward
def rnn_forward(params, X, h0):
    h, states = h0, []
    for t in range(X.shape[1]):
        h = torch.tanh(X[:, t] @ params["Wxh"].T + h @ params["Whh"].T + params["bh"])
        states.append(h)
    H = torch.stack(states)
    return H, {"X": X, "h0": h0, "H": H}
