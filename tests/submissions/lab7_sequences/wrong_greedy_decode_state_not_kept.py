"""Throws away the state model.step returns: every step starts from the encoder's state.

expect: test_greedy_decode
message: the state is never updated
mistake: state-not-kept
"""
# %% greedy_decode
def greedy_decode(model, X, steps, bos):
    with torch.no_grad():
        memory, state, mask = model.encode(X)
        y = torch.full((X.shape[0],), bos, dtype=torch.long, device=X.device)
        tokens, weights = [], []
        for _ in range(steps):
            logits, _, w = model.step(y, state, memory, mask)
            y = logits.argmax(dim=-1)
            tokens.append(y)
            weights.append(w)
    return torch.stack(tokens, dim=1), torch.stack(weights, dim=1)
