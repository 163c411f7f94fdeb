"""Batch norm after each convolution, and nn.LazyLinear so that the flatten size is found
at the first call.

expect: none
"""
# %% CifarCNN
class CifarCNN(nn.Module):
    def __init__(self):
        super().__init__()
        layers = []
        for c_in, c_out in [(3, 48), (48, 96), (96, 192)]:
            layers += [nn.Conv2d(c_in, c_out, 3, padding=1), nn.BatchNorm2d(c_out), nn.ReLU(), nn.MaxPool2d(2)]
        self.features = nn.Sequential(*layers)
        self.classifier = nn.Sequential(nn.Flatten(), nn.Dropout(0.3), nn.LazyLinear(10))

    def forward(self, x):
        return self.classifier(self.features(x))
