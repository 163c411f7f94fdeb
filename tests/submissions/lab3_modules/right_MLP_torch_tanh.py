"""Two Linear attributes and torch.tanh in forward.

expect: none
"""
# %% MLP
class MLP(nn.Module):
    def __init__(self, nx, nh, ny):
        super().__init__()
        self.fc1 = nn.Linear(nx, nh)
        self.fc2 = nn.Linear(nh, ny)

    def forward(self, X):
        h = torch.tanh(self.fc1(X))
        return self.fc2(h)
