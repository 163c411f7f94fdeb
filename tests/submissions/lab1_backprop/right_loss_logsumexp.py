"""Cross-entropy in log-sum-exp form from log Yhat (question 14), accuracy as a Python float.

expect: none
"""
# %% loss_accuracy
def loss_accuracy(Yhat, Y):
    logits = torch.log(Yhat)  # the logits up to a per-row constant
    log_probs = logits - torch.logsumexp(logits, dim=1, keepdim=True)
    L = -(Y * log_probs).sum(dim=1).mean()
    acc = (Yhat.argmax(dim=1) == Y.argmax(dim=1)).float().mean().item()
    return L, acc
