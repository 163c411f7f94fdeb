"""Creates an extra hidden layer it never uses in forward: one layer too many, parameters that get no gradient.

expect: test_MLP
message: has 3 nn.Linear layer(s), expected 2
mistake: wrong-layer-count
"""
# %% MLP
class MLP(nn.Module):
    def __init__(self, nx, nh, ny):
        super().__init__()
        self.hidden = nn.Linear(nx, nh)
        self.hidden2 = nn.Linear(nh, nh)
        self.output = nn.Linear(nh, ny)

    def forward(self, X):
        return self.output(torch.tanh(self.hidden(X)))
