"""Flattens through NumPy (X.numpy().reshape): runs on a CPU, fails on a GPU.

expect: test_LinearClassifier
message: On a GPU .numpy() fails the same way
mistake: numpy-on-device
"""
# %% LinearClassifier
class LinearClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(784, 10)

    def forward(self, X):
        flat = torch.from_numpy(X.detach().numpy().reshape(len(X), 784)).to(X.dtype)
        return self.fc(flat)
