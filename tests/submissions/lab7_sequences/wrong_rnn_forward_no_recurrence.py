"""Never feeds the previous state back: every step sees its own input only.

expect: test_rnn_forward
message: the recurrence is missing
mistake: no-recurrence
"""
# %% rnn_forward
def rnn_forward(params, X, h0):
    states = []
    for t in range(X.shape[1]):
        h = torch.tanh(X[:, t] @ params["Wxh"].T + params["bh"])
        states.append(h)
    H = torch.stack(states, dim=1)
    return H, {"X": X, "h0": h0, "H": H}
