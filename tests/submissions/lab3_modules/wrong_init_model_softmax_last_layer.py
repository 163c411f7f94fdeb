"""Ends the network with nn.Softmax, then trains it with nn.CrossEntropyLoss: softmax applied twice.

expect: test_init_model
message: the network must return the logits
mistake: softmax-output
"""
# %% init_model
def init_model(nx, nh, ny):
    model = nn.Sequential(nn.Linear(nx, nh), nn.Tanh(), nn.Linear(nh, ny), nn.Softmax(dim=1))
    loss = nn.CrossEntropyLoss()
    return model, loss
