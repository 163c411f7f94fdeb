"""Never moves the batches to `device`: right on a CPU, fails on a GPU (the model is there).

expect: test_most_confident_mistakes
message: not moved to `device`
mistake: batch-not-moved
"""
# %% most_confident_mistakes
def most_confident_mistakes(model, loader, device, k):
    model.eval()
    xs, ys, ps, cs = [], [], [], []
    with torch.no_grad():
        for X, y in loader:
            c, p = torch.softmax(model(X), dim=1).max(dim=1)
            wrong = p != y
            xs.append(X[wrong]); ys.append(y[wrong]); ps.append(p[wrong]); cs.append(c[wrong])
    conf = torch.cat(cs)
    top = conf.argsort(descending=True)[:k]
    return torch.cat(xs)[top], torch.cat(ys)[top], torch.cat(ps)[top], conf[top]
