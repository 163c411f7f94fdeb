"""Counts the right predictions in a torch.zeros(n) created on the default device: fails on a GPU.

expect: test_train_step
message: torch.zeros(...) on the default device
mistake: creates-on-default-device
"""
# %% train_step
def train_step(params, X, Y, eta):
    Yhat, _ = forward(params, X)
    L, _ = loss_accuracy(Yhat, Y)
    L.backward()
    sgd_autograd(params, eta)
    right = torch.zeros(X.shape[0])
    right[Yhat.argmax(dim=1) == Y.argmax(dim=1)] = 1.0
    return L, right.mean()
