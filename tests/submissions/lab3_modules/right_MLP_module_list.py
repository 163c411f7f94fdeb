"""Keeps the layers in an nn.ModuleList (registered, unlike a Python list).

expect: none
"""
# %% MLP
class MLP(nn.Module):
    def __init__(self, nx, nh, ny):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(nx, nh), nn.Tanh(), nn.Linear(nh, ny)])

    def forward(self, X):
        for layer in self.layers:
            X = layer(X)
        return X
