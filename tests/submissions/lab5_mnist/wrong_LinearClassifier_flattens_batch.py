"""Flattens the whole batch into one vector (X.flatten() without start_dim).

expect: test_LinearClassifier
message: whole batch was flattened
mistake: flattens-batch
"""
# %% LinearClassifier
class LinearClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(784, 10)

    def forward(self, X):
        return self.fc(X.flatten())
