"""Keeps every tensor on the device, under torch.inference_mode, and sorts with torch.topk.

expect: none
"""
# %% most_confident_mistakes
def most_confident_mistakes(model, loader, device, k):
    model.eval()
    xs, ys, preds, confs = [], [], [], []
    with torch.inference_mode():
        for X, y in loader:
            X, y = X.to(device), y.to(device)
            conf, pred = F.softmax(model(X), dim=-1).max(dim=-1)
            keep = pred != y
            xs.append(X[keep]); ys.append(y[keep]); preds.append(pred[keep]); confs.append(conf[keep])
        conf = torch.cat(confs)
        best = torch.topk(conf, min(k, len(conf))).indices
        return torch.cat(xs)[best], torch.cat(ys)[best], torch.cat(preds)[best], conf[best]
