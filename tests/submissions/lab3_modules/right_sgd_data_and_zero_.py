"""Updates p.data outside no_grad (the older idiom) and zeroes the gradients in place.

expect: none
"""
# %% sgd
def sgd(model, eta):
    for p in model.parameters():
        p.data -= eta * p.grad.data
        p.grad.zero_()
