"""Steps with the learning rate of the visible test, 0.1, whatever eta it is given (hidden tests).

expect: test_sgd
message: not eta=
mistake: fixed-eta
"""
# %% sgd
def sgd(model, eta):
    with torch.no_grad():
        for p in model.parameters():
            p -= 0.1 * p.grad
            p.grad = None
