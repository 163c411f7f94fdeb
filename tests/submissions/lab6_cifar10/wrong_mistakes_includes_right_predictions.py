"""Ranks every image by confidence, right predictions included.

expect: test_most_confident_mistakes
message: includes right predictions
"""
# %% most_confident_mistakes
def most_confident_mistakes(model, loader, device, k):
    model.eval()
    xs, ys, ps, cs = [], [], [], []
    with torch.no_grad():
        for X, y in loader:
            c, p = torch.softmax(model(X.to(device)), dim=1).max(dim=1)
            xs.append(X); ys.append(y); ps.append(p.cpu()); cs.append(c.cpu())
    conf = torch.cat(cs)
    top = conf.argsort(descending=True)[:k]
    return torch.cat(xs)[top], torch.cat(ys)[top], torch.cat(ps)[top], conf[top]
