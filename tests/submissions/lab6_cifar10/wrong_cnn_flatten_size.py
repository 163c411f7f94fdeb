"""Three 2x2 poolings leave 4x4 maps, but the first linear layer expects 8x8 (one pooling forgotten in the count).

expect: test_CifarCNN
message: flattened feature map
mistake: wrong-flatten-size
"""
# %% CifarCNN
class CifarCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(64, 128, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2))
        self.fc = nn.Sequential(nn.Flatten(), nn.Dropout(0.5), nn.Linear(128 * 8 * 8, 10))

    def forward(self, x):
        return self.fc(self.features(x))
