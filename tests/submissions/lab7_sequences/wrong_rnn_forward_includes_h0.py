"""Returns h0 with the states: H has T + 1 steps.

expect: test_rnn_forward
message: it holds h0 too
mistake: includes-h0
"""
# %% rnn_forward
def rnn_forward(params, X, h0):
    h, states = h0, [h0]
    for t in range(X.shape[1]):
        h = torch.tanh(X[:, t] @ params["Wxh"].T + h @ params["Whh"].T + params["bh"])
        states.append(h)
    H = torch.stack(states, dim=1)
    return H, {"X": X, "h0": h0, "H": H}
