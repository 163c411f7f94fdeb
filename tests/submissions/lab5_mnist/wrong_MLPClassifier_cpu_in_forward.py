"""A leftover .cpu() in forward: runs on a CPU, fails on a GPU (the layers' weights are on the GPU).

expect: test_MLPClassifier
message: forward calls .cpu()
mistake: copies-to-cpu
"""
# %% MLPClassifier
class MLPClassifier(nn.Module):
    def __init__(self, nh=128):
        super().__init__()
        self.hidden = nn.Linear(784, nh)
        self.output = nn.Linear(nh, 10)

    def forward(self, X):
        X = X.cpu().flatten(start_dim=1)
        return self.output(torch.relu(self.hidden(X)))
