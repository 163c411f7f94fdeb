"""Resets the gradients with torch.zeros(p.shape): float32 on the CPU whatever p is.

expect: test_sgd
message: A tensor you create must follow
mistake: grad-wrong-dtype
"""
# %% sgd
def sgd(model, eta):
    with torch.no_grad():
        for p in model.parameters():
            p -= eta * p.grad
            p.grad = torch.zeros(p.shape)
