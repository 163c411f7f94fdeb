"""Forgets the tanh in forward.

expect: test_MLP
message: there is no activation
mistake: no-activation
"""
# %% MLP
class MLP(nn.Module):
    def __init__(self, nx, nh, ny):
        super().__init__()
        self.hidden = nn.Linear(nx, nh)
        self.output = nn.Linear(nh, ny)

    def forward(self, X):
        return self.output(self.hidden(X))
