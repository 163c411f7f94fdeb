"""Starts from token 0 (torch.zeros) instead of bos.

expect: test_greedy_decode
message: the first step is fed token 0
mistake: start-not-bos
"""
# %% greedy_decode
def greedy_decode(model, X, steps, bos):
    with torch.no_grad():
        memory, state, mask = model.encode(X)
        y = torch.zeros(X.shape[0], dtype=torch.long, device=X.device)
        tokens, weights = [], []
        for _ in range(steps):
            logits, state, w = model.step(y, state, memory, mask)
            y = logits.argmax(dim=-1)
            tokens.append(y)
            weights.append(w)
    return torch.stack(tokens, dim=1), torch.stack(weights, dim=1)
