"""Uses nn.NLLLoss on the logits (it expects log-probabilities).

expect: test_init_model_optim
message: that is nn.NLLLoss
mistake: nll-loss
"""
# %% init_model_optim
def init_model_optim(nx, nh, ny, eta):
    model = nn.Sequential(nn.Linear(nx, nh), nn.Tanh(), nn.Linear(nh, ny))
    loss = nn.NLLLoss()
    optim = torch.optim.SGD(model.parameters(), lr=eta)
    return model, loss, optim
