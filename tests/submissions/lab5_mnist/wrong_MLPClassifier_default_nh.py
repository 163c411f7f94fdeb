"""A default hidden size of 100 instead of 128.

expect: test_MLPClassifier
message: nh=128 by default
mistake: wrong-parameter-count
"""
# %% MLPClassifier
class MLPClassifier(nn.Module):
    def __init__(self, nh=100):
        super().__init__()
        self.hidden = nn.Linear(784, nh)
        self.output = nn.Linear(nh, 10)

    def forward(self, X):
        return self.output(torch.relu(self.hidden(X.flatten(1))))
