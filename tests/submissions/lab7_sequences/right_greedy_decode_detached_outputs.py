"""Runs with gradients on, then detaches what it returns; the start tokens from torch.full_like.

expect: none
"""
# %% greedy_decode
def greedy_decode(model, X, steps, bos):
    memory, state, mask = model.encode(X)
    y = torch.full_like(X[:, 0], bos)
    tokens, weights = [], []
    for _ in range(steps):
        logits, state, w = model.step(y, state, memory, mask)
        y = logits.detach().argmax(dim=-1)
        tokens.append(y)
        weights.append(w.detach())
    return torch.stack(tokens, 1), torch.stack(weights, 1)
