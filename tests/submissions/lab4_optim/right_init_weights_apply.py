"""model.apply(fn) visits every sub-module; apply returns the model itself.

expect: none
"""
# %% init_weights_
def init_weights_(model, scheme):
    def init(m):
        if isinstance(m, nn.Linear):
            if scheme == "xavier":
                nn.init.xavier_normal_(m.weight)
            elif scheme == "he":
                nn.init.kaiming_normal_(m.weight)
            if m.bias is not None:
                nn.init.zeros_(m.bias)
    return model.apply(init)
