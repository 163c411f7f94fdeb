"""view / reshape to flatten, F.relu, and a functional CNN (F.max_pool2d, F.dropout(training=self.training), no ReLU after conv2 as LABS.md's line reads).

expect: none
"""
# %% LinearClassifier
class LinearClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(784, 10)

    def forward(self, X):
        return self.fc(X.view(X.size(0), -1))

# %% MLPClassifier
class MLPClassifier(nn.Module):
    def __init__(self, nh=128):
        super().__init__()
        self.fc1 = nn.Linear(784, nh)
        self.fc2 = nn.Linear(nh, 10)

    def forward(self, X):
        return self.fc2(F.relu(self.fc1(X.reshape(-1, 784))))

# %% MnistCNN
class MnistCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, kernel_size=3)
        self.conv2 = nn.Conv2d(32, 64, kernel_size=3)
        self.fc1 = nn.Linear(9216, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = F.relu(self.conv1(x))
        x = F.max_pool2d(self.conv2(x), 2)
        x = F.dropout(x, 0.25, training=self.training)
        x = x.view(x.size(0), -1)
        x = F.dropout(F.relu(self.fc1(x)), 0.5, training=self.training)
        return self.fc2(x)
