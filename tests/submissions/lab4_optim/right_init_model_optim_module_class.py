"""Lab 3's MLP written as a class, not an nn.Sequential; SGD with the learning rate passed positionally.

expect: none
"""
# %% init_model_optim
class MLP(nn.Module):
    def __init__(self, nx, nh, ny):
        super().__init__()
        self.hidden = nn.Linear(nx, nh)
        self.output = nn.Linear(nh, ny)

    def forward(self, X):
        return self.output(torch.tanh(self.hidden(X)))


def init_model_optim(nx, nh, ny, eta):
    model = MLP(nx, nh, ny)
    return model, nn.CrossEntropyLoss(), torch.optim.SGD(model.parameters(), eta)
