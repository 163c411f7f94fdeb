"""Updates the weight and bias of each nn.Linear instead of every parameter: a Linear without bias, or any other layer with parameters, breaks it.

expect: test_sgd
message: on a generated problem
"""
# %% sgd
def sgd(model, eta):
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.Linear):
                m.weight -= eta * m.weight.grad
                m.bias -= eta * m.bias.grad
    model.zero_grad()
