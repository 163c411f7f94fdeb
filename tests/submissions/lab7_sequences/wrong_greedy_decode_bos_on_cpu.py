"""Makes the start tokens with torch.full on the default device: on a GPU the first step fails.

expect: test_greedy_decode
mistake: ignores-device
"""
# %% greedy_decode
def greedy_decode(model, X, steps, bos):
    with torch.no_grad():
        memory, state, mask = model.encode(X)
        y = torch.full((X.shape[0],), bos, dtype=torch.long)
        tokens, weights = [], []
        for _ in range(steps):
            logits, state, w = model.step(y, state, memory, mask)
            y = logits.argmax(dim=-1)
            tokens.append(y)
            weights.append(w)
    return torch.stack(tokens, dim=1), torch.stack(weights, dim=1)
