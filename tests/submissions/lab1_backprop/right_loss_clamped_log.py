"""Clamps the probabilities before the log (no -inf when a probability underflows to 0).

expect: none
"""
# %% loss_accuracy
def loss_accuracy(Yhat, Y):
    L = -(Y * torch.log(Yhat.clamp_min(1e-12))).sum(dim=1).mean()
    acc = torch.mean((torch.argmax(Yhat, 1) == torch.argmax(Y, 1)).to(Yhat.dtype))
    return L, acc
