"""Ends the network with a softmax: CrossEntropyLoss then applies a second one.

expect: test_init_model_optim
message: ends with a softmax
mistake: softmax-output
"""
# %% init_model_optim
def init_model_optim(nx, nh, ny, eta):
    model = nn.Sequential(nn.Linear(nx, nh), nn.Tanh(), nn.Linear(nh, ny), nn.Softmax(dim=1))
    loss = nn.CrossEntropyLoss()
    optim = torch.optim.SGD(model.parameters(), lr=eta)
    return model, loss, optim
