"""Feeds the images (n, 1, 28, 28) straight to nn.Linear(784, 10): fails on images.

expect: test_LinearClassifier
message: flatten each image
mistake: no-flatten
"""
# %% LinearClassifier
class LinearClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(784, 10)

    def forward(self, X):
        return self.fc(X)
