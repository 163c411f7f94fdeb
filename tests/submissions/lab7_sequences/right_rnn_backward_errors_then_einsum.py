"""Computes every g_t in the backward loop, then the parameter gradients at once with einsum.

expect: none
"""
# %% rnn_backward
def rnn_backward(params, cache, dH):
    X, h0, H = cache["X"], cache["h0"], cache["H"]
    T = X.shape[1]
    G = torch.zeros_like(H)
    carry = torch.zeros_like(h0)
    for t in range(T - 1, -1, -1):
        G[:, t] = (dH[:, t] + carry) * (1 - H[:, t] ** 2)
        carry = G[:, t] @ params["Whh"]
    previous = torch.cat([h0.unsqueeze(1), H[:, :-1]], dim=1)
    return {"Wxh": torch.einsum("nti,ntj->ij", G, X), "Whh": torch.einsum("nti,ntj->ij", G, previous),
            "bh": G.sum(dim=(0, 1)), "X": G @ params["Wxh"], "h0": carry}
