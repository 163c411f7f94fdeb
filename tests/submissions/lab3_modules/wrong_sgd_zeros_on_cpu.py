"""Resets the gradients with torch.zeros(p.shape, dtype=p.dtype): the right dtype, but on the CPU whatever p's device (hidden test on the meta device).

expect: test_sgd
message: On a GPU it fails the same way
mistake: ignores-device
"""
# %% sgd
def sgd(model, eta):
    with torch.no_grad():
        for p in model.parameters():
            p -= eta * p.grad
            p.grad = torch.zeros(p.shape, dtype=p.dtype)
