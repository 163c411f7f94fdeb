"""Returns the bos token in front of the choices: steps + 1 tokens.

expect: test_greedy_decode
message: it holds the bos token too
mistake: includes-bos
"""
# %% greedy_decode
def greedy_decode(model, X, steps, bos):
    with torch.no_grad():
        memory, state, mask = model.encode(X)
        y = torch.full((X.shape[0],), bos, dtype=torch.long, device=X.device)
        tokens, weights = [y], []
        for _ in range(steps):
            logits, state, w = model.step(y, state, memory, mask)
            y = logits.argmax(dim=-1)
            tokens.append(y)
            weights.append(w)
    return torch.stack(tokens, dim=1), torch.stack(weights, dim=1)
