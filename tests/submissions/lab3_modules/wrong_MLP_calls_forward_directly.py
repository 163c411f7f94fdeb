"""Calls its layers' .forward methods directly: the same numbers, but the layers' hooks never run.

expect: test_MLP
message: layer.forward(X) skips its hooks
mistake: contract-result
"""
# %% MLP
class MLP(nn.Module):
    def __init__(self, nx, nh, ny):
        super().__init__()
        self.hidden = nn.Linear(nx, nh)
        self.output = nn.Linear(nh, ny)

    def forward(self, X):
        return self.output.forward(torch.tanh(self.hidden.forward(X)))
