"""Adds a tensor of zeros created on the CPU in forward: right values on a CPU, fails on a GPU (hidden test on the meta device).

expect: test_MLP
message: On a GPU it fails the same way
mistake: ignores-device
"""
# %% MLP
class MLP(nn.Module):
    def __init__(self, nx, nh, ny):
        super().__init__()
        self.hidden = nn.Linear(nx, nh)
        self.output = nn.Linear(nh, ny)

    def forward(self, X):
        h = torch.tanh(self.hidden(X))
        return self.output(h) + torch.zeros(len(X), self.output.out_features, dtype=X.dtype)
