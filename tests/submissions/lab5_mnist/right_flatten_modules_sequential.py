"""nn.Flatten inside an nn.Sequential attribute, for the linear model and the MLP.

expect: none
"""
# %% LinearClassifier
class LinearClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))

    def forward(self, X):
        return self.net(X)

# %% MLPClassifier
class MLPClassifier(nn.Module):
    def __init__(self, nh=128):
        super().__init__()
        self.net = nn.Sequential(nn.Flatten(), nn.Linear(784, nh), nn.ReLU(), nn.Linear(nh, 10))

    def forward(self, X):
        return self.net(X)
