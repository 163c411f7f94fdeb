"""Keeps the bias gradient of the first step only (the loop overwrites it instead of adding).

expect: test_rnn_backward
message: dbh holds one step's gradient only
mistake: bh-one-step
"""
# %% rnn_backward
def rnn_backward(params, cache, dH):
    X, h0, H = cache["X"], cache["h0"], cache["H"]
    grads = {k: torch.zeros_like(v) for k, v in params.items()}
    dX = torch.zeros_like(X)
    carry = torch.zeros_like(h0)
    for t in reversed(range(X.shape[1])):
        h_prev = H[:, t - 1] if t > 0 else h0
        g = (dH[:, t] + carry) * (1 - H[:, t] ** 2)
        grads["Wxh"] = grads["Wxh"] + g.T @ X[:, t]
        grads["Whh"] = grads["Whh"] + g.T @ h_prev
        grads["bh"] = g.sum(dim=0)
        dX[:, t] = g @ params["Wxh"]
        carry = g @ params["Whh"]
    return {**grads, "X": dX, "h0": carry}
