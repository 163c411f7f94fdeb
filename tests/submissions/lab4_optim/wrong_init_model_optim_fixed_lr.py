"""Hard-codes the learning rate of the visible test (0.1) instead of using eta (caught by the hidden tests).

expect: test_init_model_optim
message: expected lr=eta=0.37
mistake: ignores-lr
"""
# %% init_model_optim
def init_model_optim(nx, nh, ny, eta):
    model = nn.Sequential(nn.Linear(nx, nh), nn.Tanh(), nn.Linear(nh, ny))
    loss = nn.CrossEntropyLoss()
    optim = torch.optim.SGD(model.parameters(), lr=0.1)
    return model, loss, optim
