"""Replaces each layer's weight by a new nn.Parameter: the model's parameters are new objects.

expect: test_sgd
message: replaced the model's parameters by new tensors
mistake: new-parameters
"""
# %% sgd
def sgd(model, eta):
    for layer in model:
        if isinstance(layer, nn.Linear):
            layer.weight = nn.Parameter(layer.weight - eta * layer.weight.grad)
            layer.bias = nn.Parameter(layer.bias - eta * layer.bias.grad)
