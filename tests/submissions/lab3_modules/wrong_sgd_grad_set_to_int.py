"""Resets the gradients with p.grad = 0 (an int, not a tensor).

expect: test_sgd
message: p.grad = None, or p.grad.zero_()
mistake: grad-set-to-non-tensor
"""
# %% sgd
def sgd(model, eta):
    with torch.no_grad():
        for p in model.parameters():
            p -= eta * p.grad
            p.grad = 0
