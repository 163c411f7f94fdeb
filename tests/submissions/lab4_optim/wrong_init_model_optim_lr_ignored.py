"""Forgets to pass the learning rate: SGD's default lr is used.

expect: test_init_model_optim
message: expected lr=eta
mistake: ignores-lr
"""
# %% init_model_optim
def init_model_optim(nx, nh, ny, eta):
    model = nn.Sequential(nn.Linear(nx, nh), nn.Tanh(), nn.Linear(nh, ny))
    loss = nn.CrossEntropyLoss()
    optim = torch.optim.SGD(model.parameters())
    return model, loss, optim
