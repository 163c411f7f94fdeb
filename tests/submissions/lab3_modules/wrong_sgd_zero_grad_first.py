"""Resets the gradients before the step: the step then uses zero gradients.

expect: test_sgd
message: zero the gradients after the step, not before
mistake: not-in-place
"""
# %% sgd
def sgd(model, eta):
    model.zero_grad(set_to_none=False)
    with torch.no_grad():
        for p in model.parameters():
            p -= eta * p.grad
