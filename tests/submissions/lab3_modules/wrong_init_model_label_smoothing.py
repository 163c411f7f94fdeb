"""Returns a cross-entropy with label smoothing (0.1), a habit from image classification: not the text's nn.CrossEntropyLoss().

expect: test_init_model
message: no label smoothing
mistake: contract-result
"""
# %% init_model
def init_model(nx, nh, ny):
    model = nn.Sequential(nn.Linear(nx, nh), nn.Tanh(), nn.Linear(nh, ny))
    loss = nn.CrossEntropyLoss(label_smoothing=0.1)
    return model, loss
