"""Wraps an nn.Sequential inside the module.

expect: none
"""
# %% MLP
class MLP(nn.Module):
    def __init__(self, nx, nh, ny):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(nx, nh), nn.Tanh(), nn.Linear(nh, ny))

    def forward(self, X):
        return self.net(X)
