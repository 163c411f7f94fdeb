"""Ends with a softmax: returns probabilities, not logits.

expect: test_CifarCNN
message: probabilities
mistake: softmax-output
"""
# %% CifarCNN
class CifarCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(3, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Dropout(0.5), nn.Linear(64 * 8 * 8, 10), nn.Softmax(dim=1))

    def forward(self, x):
        return self.net(x)
