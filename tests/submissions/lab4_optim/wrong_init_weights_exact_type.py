"""Tests type(m) is nn.Linear: a subclass of nn.Linear, an nn.Linear all the same, is left as it was.

expect: test_init_weights_
message: every nn.Linear, at any depth, subclasses too
mistake: contract-recorded-calls
"""
# %% init_weights_
def init_weights_(model, scheme):
    for m in model.modules():
        if type(m) is nn.Linear:
            if scheme == "he":
                nn.init.kaiming_normal_(m.weight, mode="fan_in", nonlinearity="relu")
            else:
                nn.init.xavier_normal_(m.weight, gain=1.0)
            if m.bias is not None:
                nn.init.zeros_(m.bias)
    return model
