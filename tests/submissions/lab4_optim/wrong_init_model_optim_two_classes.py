"""Hard-codes 2 output classes (Circles'), whatever ny it is given.

expect: test_init_model_optim
message: expected [(3, 5), (5, 4)]
mistake: wrong-layer-sizes
"""
# %% init_model_optim
def init_model_optim(nx, nh, ny, eta):
    model = nn.Sequential(nn.Linear(nx, nh), nn.Tanh(), nn.Linear(nh, 2))
    loss = nn.CrossEntropyLoss()
    optim = torch.optim.SGD(model.parameters(), lr=eta)
    return model, loss, optim
