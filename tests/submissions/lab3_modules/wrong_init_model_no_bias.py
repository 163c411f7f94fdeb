"""Creates both Linear layers with bias=False.

expect: test_init_model
message: has no bias (bias=False)
mistake: no-bias
"""
# %% init_model
def init_model(nx, nh, ny):
    model = nn.Sequential(nn.Linear(nx, nh, bias=False), nn.Tanh(), nn.Linear(nh, ny, bias=False))
    loss = nn.CrossEntropyLoss()
    return model, loss
