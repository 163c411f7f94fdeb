"""Draws the biases from a small normal law instead of setting them to zero.

expect: test_init_weights_
message: expected exactly zero
mistake: bias-not-zero
"""
# %% init_weights_
def init_weights_(model, scheme):
    for m in model.modules():
        if isinstance(m, nn.Linear):
            if scheme == "xavier":
                nn.init.xavier_normal_(m.weight)
            else:
                nn.init.kaiming_normal_(m.weight)
            nn.init.normal_(m.bias, 0.0, 0.01)
    return model
