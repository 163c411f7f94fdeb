"""Clips the gradients' norm to 0.1 before the update (a habit from RNN training): not the step this lab asks for.

expect: test_train_step
message: train_step scaled or clipped them
mistake: clips-gradients
"""
# %% train_step
def train_step(params, X, Y, eta):
    Yhat, _ = forward(params, X)
    L, acc = loss_accuracy(Yhat, Y)
    L.backward()
    torch.nn.utils.clip_grad_norm_(list(params.values()), max_norm=0.1)
    sgd_autograd(params, eta)
    return L, acc
