"""Writes p = p - eta * p.grad: rebinds the loop variable, the model is unchanged.

expect: test_sgd
message: only rebinds the loop variable
mistake: not-in-place
"""
# %% sgd
def sgd(model, eta):
    with torch.no_grad():
        for p in model.parameters():
            p = p - eta * p.grad
    model.zero_grad()
