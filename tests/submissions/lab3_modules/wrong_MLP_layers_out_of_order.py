"""Calls the output layer first in forward.

expect: test_MLP
message: call the layers in order
"""
# %% MLP
class MLP(nn.Module):
    def __init__(self, nx, nh, ny):
        super().__init__()
        self.hidden = nn.Linear(nx, nh)
        self.output = nn.Linear(nh, ny)

    def forward(self, X):
        return self.hidden(torch.tanh(self.output(X)))
