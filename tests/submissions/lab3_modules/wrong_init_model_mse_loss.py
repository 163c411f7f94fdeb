"""Picks nn.MSELoss (one-hot targets look like regression targets).

expect: test_init_model
message: nn.MSELoss is a regression loss
mistake: mseloss-not-cross-entropy
"""
# %% init_model
def init_model(nx, nh, ny):
    model = nn.Sequential(nn.Linear(nx, nh), nn.Tanh(), nn.Linear(nh, ny))
    loss = nn.MSELoss()
    return model, loss
