"""Uses a ReLU hidden activation instead of tanh.

expect: test_init_model
message: that is a ReLU hidden activation
mistake: relu-hidden
"""
# %% init_model
def init_model(nx, nh, ny):
    model = nn.Sequential(nn.Linear(nx, nh), nn.ReLU(), nn.Linear(nh, ny))
    loss = nn.CrossEntropyLoss()
    return model, loss
