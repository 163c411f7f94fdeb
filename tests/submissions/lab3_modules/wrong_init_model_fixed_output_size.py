"""Hard-codes 2 output classes (Circles'), whatever ny it is given.

expect: test_init_model
message: expected nn.Linear(5, 4)
mistake: wrong-layer-sizes
"""
# %% init_model
def init_model(nx, nh, ny):
    model = nn.Sequential(nn.Linear(nx, nh), nn.Tanh(), nn.Linear(nh, 2))
    loss = nn.CrossEntropyLoss()
    return model, loss
