"""Updates the parameters in place without torch.no_grad(): autograd refuses.

expect: test_sgd
message: inside `with torch.no_grad():`
mistake: update-outside-no-grad
"""
# %% sgd
def sgd(model, eta):
    for p in model.parameters():
        p -= eta * p.grad
        p.grad = None
