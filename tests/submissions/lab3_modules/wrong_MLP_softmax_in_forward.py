"""Returns softmax probabilities from forward instead of logits.

expect: test_MLP
message: the network must return the logits
mistake: softmax-output
"""
# %% MLP
class MLP(nn.Module):
    def __init__(self, nx, nh, ny):
        super().__init__()
        self.hidden = nn.Linear(nx, nh)
        self.output = nn.Linear(nh, ny)

    def forward(self, X):
        return torch.softmax(self.output(torch.tanh(self.hidden(X))), dim=1)
