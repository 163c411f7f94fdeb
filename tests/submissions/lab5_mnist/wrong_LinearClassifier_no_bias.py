"""nn.Linear(784, 10, bias=False): W x without the bias b (7,840 parameters).

expect: test_LinearClassifier
message: 7,840 parameters, expected 7,850
mistake: wrong-parameter-count
"""
# %% LinearClassifier
class LinearClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(784, 10, bias=False)

    def forward(self, X):
        return self.fc(X.flatten(start_dim=1))
