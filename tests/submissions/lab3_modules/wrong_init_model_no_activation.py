"""Forgets the activation: two Linear layers in a row make a linear model.

expect: test_init_model
message: there is no activation between the two Linear layers
mistake: no-activation
"""
# %% init_model
def init_model(nx, nh, ny):
    model = nn.Sequential(nn.Linear(nx, nh), nn.Linear(nh, ny))
    loss = nn.CrossEntropyLoss()
    return model, loss
