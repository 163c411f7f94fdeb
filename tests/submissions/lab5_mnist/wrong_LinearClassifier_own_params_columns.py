"""Parameters of its own, and the images flattened column after column (transposed): consistent for both shapes, but not W x + b.

expect: test_LinearClassifier
message: column after column
"""
# %% LinearClassifier
class LinearClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.W = nn.Parameter(torch.randn(784, 10) / 28)
        self.b = nn.Parameter(torch.zeros(10))

    def forward(self, X):
        images = X.reshape(len(X), 28, 28).transpose(1, 2)
        return images.reshape(len(X), 784) @ self.W + self.b
