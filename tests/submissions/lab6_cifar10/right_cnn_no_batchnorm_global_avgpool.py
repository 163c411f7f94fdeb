"""No batch norm; three conv-ReLU-pool blocks, then global average pooling and one linear layer.

expect: none
"""
# %% CifarCNN
class CifarCNN(nn.Module):
    def __init__(self, p=0.25):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(3, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(64, 128, 3, padding=1), nn.ReLU(), nn.Dropout(p),
            nn.AdaptiveAvgPool2d(1))
        self.head = nn.Linear(128, 10)

    def forward(self, x):
        return self.head(self.body(x).flatten(1))
