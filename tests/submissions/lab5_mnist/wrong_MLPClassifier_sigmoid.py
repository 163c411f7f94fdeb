"""A sigmoid hidden activation instead of ReLU.

expect: test_MLPClassifier
message: sigmoid hidden activation
"""
# %% MLPClassifier
class MLPClassifier(nn.Module):
    def __init__(self, nh=128):
        super().__init__()
        self.hidden = nn.Linear(784, nh)
        self.output = nn.Linear(nh, 10)

    def forward(self, X):
        return self.output(torch.sigmoid(self.hidden(X.flatten(1))))
