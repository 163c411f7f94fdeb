"""Updates model[0] and model[2] only: right for the lab's network, not for any model (hidden test).

expect: test_sgd
message: not a fixed list of them
mistake: hard-coded-layers
"""
# %% sgd
def sgd(model, eta):
    with torch.no_grad():
        for layer in (model[0], model[2]):
            layer.weight -= eta * layer.weight.grad
            layer.bias -= eta * layer.bias.grad
            layer.weight.grad = None
            layer.bias.grad = None
