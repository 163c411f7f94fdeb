"""The first dropout before the max-pool instead of after it (equal in eval mode, seen only in train mode).

expect: test_MnistCNN
message: before the max-pool
"""
# %% MnistCNN
class MnistCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3)
        self.conv2 = nn.Conv2d(32, 64, 3)
        self.dropout1 = nn.Dropout(0.25)
        self.fc1 = nn.Linear(9216, 128)
        self.dropout2 = nn.Dropout(0.5)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, X):
        h = self.dropout1(F.relu(self.conv2(F.relu(self.conv1(X)))))
        h = torch.flatten(F.max_pool2d(h, 2), 1)
        return self.fc2(self.dropout2(F.relu(self.fc1(h))))
