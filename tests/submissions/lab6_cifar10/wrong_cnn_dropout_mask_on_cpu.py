"""A hand-written dropout whose mask is drawn with torch.rand(x.shape): on the CPU whatever the
input's device (the hidden test on the meta device, standing in for a GPU).

expect: test_CifarCNN
message: On a GPU it fails the same way
mistake: ignores-device
"""
# %% CifarCNN
class CifarCNN(nn.Module):
    def __init__(self, p=0.3):
        super().__init__()
        self.p = p
        self.features = nn.Sequential(
            nn.Conv2d(3, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2))
        self.fc1 = nn.Linear(64 * 8 * 8, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = F.relu(self.fc1(self.features(x).flatten(1)))
        if self.training:
            mask = (torch.rand(x.shape) > self.p).float() / (1 - self.p)
            x = x * mask
        return self.fc2(x)
