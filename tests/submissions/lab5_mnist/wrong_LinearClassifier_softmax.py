"""Ends the linear model with a softmax (then trained with CrossEntropyLoss).

expect: test_LinearClassifier
message: ends with a softmax
"""
# %% LinearClassifier
class LinearClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(784, 10)

    def forward(self, X):
        return torch.softmax(self.fc(X.flatten(1)), dim=1)
