"""X.squeeze() before flattening: a batch of one image (1, 1, 28, 28) loses its batch dim.

expect: test_LinearClassifier
message: LinearClassifier(X)
mistake: no-flatten
"""
# %% LinearClassifier
class LinearClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(784, 10)

    def forward(self, X):
        return self.fc(X.squeeze().flatten(start_dim=1))
