"""Builds the Sequential from an OrderedDict of named layers.

expect: none
"""
# %% init_model
from collections import OrderedDict

def init_model(nx, nh, ny):
    model = nn.Sequential(OrderedDict([("hidden", nn.Linear(nx, nh)), ("tanh", nn.Tanh()), ("output", nn.Linear(nh, ny))]))
    return model, nn.CrossEntropyLoss()
