"""Stores the weights as plain tensors (requires_grad=True) instead of layers or nn.Parameter.

expect: test_MLP
message: is a plain tensor, not registered
mistake: no-parameters
"""
# %% MLP
class MLP(nn.Module):
    def __init__(self, nx, nh, ny):
        super().__init__()
        self.Wh = (0.3 * torch.randn(nh, nx)).requires_grad_()
        self.bh = torch.zeros(nh, requires_grad=True)
        self.Wy = (0.3 * torch.randn(ny, nh)).requires_grad_()
        self.by = torch.zeros(ny, requires_grad=True)

    def forward(self, X):
        return torch.tanh(X @ self.Wh.T + self.bh) @ self.Wy.T + self.by
