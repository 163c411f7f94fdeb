"""Iterates over the model itself: works for a flat nn.Sequential only (the hidden tests use a nested module).

expect: test_init_weights_
message: model.modules() visits every sub-module
mistake: iterates-module
"""
# %% init_weights_
def init_weights_(model, scheme):
    for m in model:
        if isinstance(m, nn.Linear):
            if scheme == "xavier":
                nn.init.xavier_normal_(m.weight)
            else:
                nn.init.kaiming_normal_(m.weight)
            nn.init.zeros_(m.bias)
    return model
