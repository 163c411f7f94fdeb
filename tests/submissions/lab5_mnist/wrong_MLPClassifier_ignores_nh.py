"""Accepts nh but always builds 128 hidden units.

expect: test_MLPClassifier
message: nh the argument
mistake: wrong-parameter-count
"""
# %% MLPClassifier
class MLPClassifier(nn.Module):
    def __init__(self, nh=128):
        super().__init__()
        self.hidden = nn.Linear(784, 128)
        self.output = nn.Linear(128, 10)

    def forward(self, X):
        return self.output(torch.relu(self.hidden(X.flatten(start_dim=1))))
