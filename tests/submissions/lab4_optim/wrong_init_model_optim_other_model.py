"""Builds the optimizer over the parameters of a second, freshly built network.

expect: test_init_model_optim
message: does not update this model's parameters
mistake: other-model
"""
# %% init_model_optim
def new_network(nx, nh, ny):
    return nn.Sequential(nn.Linear(nx, nh), nn.Tanh(), nn.Linear(nh, ny))


def init_model_optim(nx, nh, ny, eta):
    model = new_network(nx, nh, ny)
    loss = nn.CrossEntropyLoss()
    optim = torch.optim.SGD(new_network(nx, nh, ny).parameters(), lr=eta)
    return model, loss, optim
