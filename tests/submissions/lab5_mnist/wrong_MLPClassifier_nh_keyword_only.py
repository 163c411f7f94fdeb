"""nh made keyword-only: MLPClassifier(64) fails although the signature asks for def __init__(self, nh=128).

expect: test_MLPClassifier
message: def __init__(self, nh=128)
mistake: nh-keyword-only
"""
# %% MLPClassifier
class MLPClassifier(nn.Module):
    def __init__(self, *, nh=128):
        super().__init__()
        self.hidden = nn.Linear(784, nh)
        self.output = nn.Linear(nh, 10)

    def forward(self, X):
        return self.output(torch.relu(self.hidden(X.flatten(start_dim=1))))
