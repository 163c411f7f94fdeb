"""Keeps a scale as a plain tensor attribute: to() does not move it, so the forward pass mixes devices on a GPU (hidden test on the meta device).

expect: test_MLP
message: plain tensor attribute
mistake: plain-tensor-attribute
"""
# %% MLP
class MLP(nn.Module):
    def __init__(self, nx, nh, ny):
        super().__init__()
        self.hidden = nn.Linear(nx, nh)
        self.output = nn.Linear(nh, ny)
        self.scale = torch.ones(nh)

    def forward(self, X):
        return self.output(torch.tanh(self.hidden(X)) * self.scale)
