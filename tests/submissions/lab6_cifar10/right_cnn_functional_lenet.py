"""A LeNet-style network written with torch.nn.functional: 5x5 convolutions without padding,
F.max_pool2d, and F.dropout tied to self.training.

expect: none
"""
# %% CifarCNN
class CifarCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 32, 5)   # 32 -> 28, pool -> 14
        self.conv2 = nn.Conv2d(32, 64, 5)  # 14 -> 10, pool -> 5
        self.fc1 = nn.Linear(64 * 5 * 5, 256)
        self.fc2 = nn.Linear(256, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = F.dropout(x.view(x.size(0), -1), 0.5, training=self.training)
        return self.fc2(F.relu(self.fc1(x)))
