"""Picks nn.NLLLoss, which expects log-probabilities, for a model that returns logits.

expect: test_init_model
message: nn.NLLLoss expects log-probabilities
mistake: nllloss-not-cross-entropy
"""
# %% init_model
def init_model(nx, nh, ny):
    model = nn.Sequential(nn.Linear(nx, nh), nn.Tanh(), nn.Linear(nh, ny))
    loss = nn.NLLLoss()
    return model, loss
