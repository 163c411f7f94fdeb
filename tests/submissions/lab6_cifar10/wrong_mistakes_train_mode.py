"""Forgets model.eval(): dropout and batch norm run in training mode.

expect: test_most_confident_mistakes
message: train mode
mistake: train-mode
"""
# %% most_confident_mistakes
def most_confident_mistakes(model, loader, device, k):
    xs, ys, ps, cs = [], [], [], []
    with torch.no_grad():
        for X, y in loader:
            c, p = torch.softmax(model(X.to(device)), dim=1).cpu().max(dim=1)
            m = p != y
            xs.append(X[m]); ys.append(y[m]); ps.append(p[m]); cs.append(c[m])
    conf = torch.cat(cs)
    top = conf.argsort(descending=True)[:k]
    return torch.cat(xs)[top], torch.cat(ys)[top], torch.cat(ps)[top], conf[top]
