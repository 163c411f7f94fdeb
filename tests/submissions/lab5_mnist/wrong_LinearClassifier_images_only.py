"""Takes the single channel X[:, 0] then flattens: right on images (n, 1, 28, 28), fails on a flattened batch (n, 784).

expect: test_LinearClassifier
message: for X of shape (5, 784)
mistake: flattens-batch
"""
# %% LinearClassifier
class LinearClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(784, 10)

    def forward(self, X):
        return self.fc(X[:, 0].flatten(start_dim=1))
