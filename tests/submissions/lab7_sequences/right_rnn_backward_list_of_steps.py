"""Keeps the per-step input gradients in a list (stacked at the end) and sums the parameters' with sum().

expect: none
"""
# %% rnn_backward
def rnn_backward(params, cache, dH):
    X, h0, H = cache["X"], cache["h0"], cache["H"]
    T = X.shape[1]
    dWxh, dWhh, dbh, dX = [], [], [], [None] * T
    delta = dH[:, T - 1]
    for t in reversed(range(T)):
        g = delta * (1 - H[:, t].pow(2))
        prev = h0 if t == 0 else H[:, t - 1]
        dWxh.append(g.T @ X[:, t])
        dWhh.append(g.T @ prev)
        dbh.append(g.sum(0))
        dX[t] = g @ params["Wxh"]
        back = g @ params["Whh"]
        delta = dH[:, t - 1] + back if t > 0 else back
    return {"Wxh": torch.stack(dWxh).sum(0), "Whh": torch.stack(dWhh).sum(0), "bh": torch.stack(dbh).sum(0),
            "X": torch.stack(dX, dim=1), "h0": delta}
