"""Updates the parameters but never resets the gradients: they accumulate from step to step.

expect: test_sgd
message: was not zeroed after the step
mistake: no-zero-grad
"""
# %% sgd
def sgd(model, eta):
    with torch.no_grad():
        for p in model.parameters():
            p -= eta * p.grad
