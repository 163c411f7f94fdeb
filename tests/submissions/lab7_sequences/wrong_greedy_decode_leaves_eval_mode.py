"""Switches the model to eval mode and leaves it there.

expect: test_greedy_decode
message: left the model in eval mode
mistake: mode-changed
"""
# %% greedy_decode
def greedy_decode(model, X, steps, bos):
    model.eval()
    with torch.no_grad():
        memory, state, mask = model.encode(X)
        y = torch.full((X.shape[0],), bos, dtype=torch.long, device=X.device)
        tokens, weights = [], []
        for _ in range(steps):
            logits, state, w = model.step(y, state, memory, mask)
            y = logits.argmax(dim=-1)
            tokens.append(y)
            weights.append(w)
    return torch.stack(tokens, dim=1), torch.stack(weights, dim=1)
