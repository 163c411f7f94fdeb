"""Reads the whole data set at once (loader.dataset.tensors) instead of going through the loader: it
skips the loader's batches, sampler and drop_last, so it looks at other images than the loader yields.

expect: test_most_confident_mistakes
message: passes over loader
mistake: contract-loader-passes
"""
# %% most_confident_mistakes
def most_confident_mistakes(model, loader, device, k):
    model.eval()
    X, y = loader.dataset.tensors
    with torch.no_grad():
        p = torch.softmax(model(X.to(device)), dim=1).cpu()
    conf, pred = p.max(dim=1)
    wrong = (pred != y).nonzero().flatten()
    top = wrong[conf[wrong].argsort(descending=True)][:k]
    return X[top], y[top], pred[top], conf[top]
