"""Forgets the max-pool and sizes fc1 for 24x24 maps (64*24*24).

expect: test_MnistCNN
message: max-pool 2 after conv2
mistake: no-pool
"""
# %% MnistCNN
class MnistCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3)
        self.conv2 = nn.Conv2d(32, 64, 3)
        self.dropout1 = nn.Dropout(0.25)
        self.fc1 = nn.Linear(64 * 24 * 24, 128)
        self.dropout2 = nn.Dropout(0.5)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, X):
        h = F.relu(self.conv2(F.relu(self.conv1(X))))
        h = torch.flatten(self.dropout1(h), 1)
        return self.fc2(self.dropout2(F.relu(self.fc1(h))))
