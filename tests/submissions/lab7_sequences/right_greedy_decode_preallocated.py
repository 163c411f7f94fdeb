"""Preallocates the outputs on X's device and fills them step by step; inference_mode instead of no_grad.

expect: none
"""
# %% greedy_decode
def greedy_decode(model, X, steps, bos):
    n = X.shape[0]
    with torch.inference_mode():
        memory, state, mask = model.encode(X)
        tokens = torch.empty(n, steps, dtype=torch.long, device=X.device)
        weights = None
        y = X.new_full((n,), bos)
        for t in range(steps):
            logits, state, w = model.step(y, state, memory, mask)
            if weights is None:
                weights = w.new_empty(n, steps, w.shape[-1])
            y = logits.argmax(-1)
            tokens[:, t], weights[:, t] = y, w
    return tokens, weights
