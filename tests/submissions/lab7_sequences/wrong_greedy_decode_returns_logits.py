"""Returns the logits of every step instead of their argmax.

expect: test_greedy_decode
message: those are logits
mistake: returns-logits
"""
# %% greedy_decode
def greedy_decode(model, X, steps, bos):
    with torch.no_grad():
        memory, state, mask = model.encode(X)
        y = torch.full((X.shape[0],), bos, dtype=torch.long, device=X.device)
        tokens, weights = [], []
        for _ in range(steps):
            logits, state, w = model.step(y, state, memory, mask)
            y = logits.argmax(dim=-1)
            tokens.append(logits)
            weights.append(w)
    return torch.stack(tokens, dim=1), torch.stack(weights, dim=1)
