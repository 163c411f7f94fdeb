"""Keeps the layers in a plain Python list: nn.Module does not register them, parameters() is empty.

expect: test_MLP
message: plain Python list (self.layers)
mistake: no-parameters
"""
# %% MLP
class MLP(nn.Module):
    def __init__(self, nx, nh, ny):
        super().__init__()
        self.layers = [nn.Linear(nx, nh), nn.Tanh(), nn.Linear(nh, ny)]

    def forward(self, X):
        for layer in self.layers:
            X = layer(X)
        return X
