"""Switches to eval mode but runs the model with gradients on (no torch.no_grad()), detaching at the end.

expect: test_most_confident_mistakes
message: with gradients on
mistake: gradients-on
"""
# %% most_confident_mistakes
def most_confident_mistakes(model, loader, device, k):
    model.eval()
    xs, ys, ps, cs = [], [], [], []
    for X, y in loader:
        probs = torch.softmax(model(X.to(device)), dim=1).detach().cpu()
        c, p = probs.max(dim=1)
        wrong = p != y
        xs.append(X[wrong]); ys.append(y[wrong]); ps.append(p[wrong]); cs.append(c[wrong])
    conf = torch.cat(cs)
    top = conf.argsort(descending=True)[:k]
    return torch.cat(xs)[top], torch.cat(ys)[top], torch.cat(ps)[top], conf[top]
