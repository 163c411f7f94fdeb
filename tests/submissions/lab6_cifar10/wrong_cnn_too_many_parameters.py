"""No pooling before flattening: the first linear layer takes 64 x 32 x 32 values (8.4 million weights).

expect: test_CifarCNN
message: more than the budget
mistake: too-many-parameters
"""
# %% CifarCNN
class CifarCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 32, 3, padding=1)
        self.conv2 = nn.Conv2d(32, 64, 3, padding=1)
        self.fc = nn.Linear(64 * 32 * 32, 128)
        self.out = nn.Linear(128, 10)

    def forward(self, x):
        x = F.relu(self.conv2(F.relu(self.conv1(x))))
        return self.out(F.relu(self.fc(x.flatten(1))))
