"""Forgets super().__init__(): nn.Module cannot register the layers.

expect: test_MLP
message: Call super().__init__() first
"""
# %% MLP
class MLP(nn.Module):
    def __init__(self, nx, nh, ny):
        self.hidden = nn.Linear(nx, nh)
        self.output = nn.Linear(nh, ny)

    def forward(self, X):
        return self.output(torch.tanh(self.hidden(X)))
