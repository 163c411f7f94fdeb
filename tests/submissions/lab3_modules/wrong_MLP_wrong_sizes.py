"""Sizes the output layer from nx instead of nh.

expect: test_MLP
message: expected nn.Linear(5, 4)
mistake: wrong-layer-sizes
"""
# %% MLP
class MLP(nn.Module):
    def __init__(self, nx, nh, ny):
        super().__init__()
        self.hidden = nn.Linear(nx, nh)
        self.output = nn.Linear(nx, ny)

    def forward(self, X):
        return self.output(torch.tanh(self.hidden(X)))
