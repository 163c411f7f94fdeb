"""Parameters of its own (nn.Parameter, sized by nh) and a sigmoid hidden activation.

expect: test_MLPClassifier
message: sigmoid hidden activation
"""
# %% MLPClassifier
class MLPClassifier(nn.Module):
    def __init__(self, nh=128):
        super().__init__()
        self.W1 = nn.Parameter(torch.randn(784, nh) / 28)
        self.b1 = nn.Parameter(torch.zeros(nh))
        self.W2 = nn.Parameter(torch.randn(nh, 10) / nh ** 0.5)
        self.b2 = nn.Parameter(torch.zeros(10))

    def forward(self, X):
        h = torch.sigmoid(X.reshape(len(X), -1) @ self.W1 + self.b1)
        return h @ self.W2 + self.b2
