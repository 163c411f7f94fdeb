"""Stops after the first nn.Linear.

expect: test_init_weights_
message: was not initialised
mistake: misses-nested-linears
"""
# %% init_weights_
def init_weights_(model, scheme):
    for m in model.modules():
        if isinstance(m, nn.Linear):
            if scheme == "xavier":
                nn.init.xavier_normal_(m.weight)
            else:
                nn.init.kaiming_normal_(m.weight)
            nn.init.zeros_(m.bias)
            break
    return model
