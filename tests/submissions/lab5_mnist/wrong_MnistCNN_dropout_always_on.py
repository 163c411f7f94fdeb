"""F.dropout without training=self.training: dropout stays on in eval mode.

expect: test_MnistCNN
message: dropout is still active
mistake: dropout-always-on
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
        h = F.max_pool2d(F.relu(self.conv2(F.relu(self.conv1(X)))), 2)
        h = torch.flatten(F.dropout(h, 0.25), 1)
        return self.fc2(F.dropout(F.relu(self.fc1(h)), 0.5))
