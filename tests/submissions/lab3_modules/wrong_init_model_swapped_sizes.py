"""Writes nn.Linear(out, in) as if it were the shape of W: the first layer maps nh -> nx.

expect: test_init_model
message: expected nn.Linear(3, 5)
mistake: wrong-layer-sizes
"""
# %% init_model
def init_model(nx, nh, ny):
    model = nn.Sequential(nn.Linear(nh, nx), nn.Tanh(), nn.Linear(ny, nh))
    loss = nn.CrossEntropyLoss()
    return model, loss
