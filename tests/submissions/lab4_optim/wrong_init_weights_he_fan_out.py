"""He's law with mode="fan_out": the std uses the number of outputs.

expect: test_init_weights_
message: He's law uses fan_in
mistake: he-fan-out
"""
# %% init_weights_
def init_weights_(model, scheme):
    for m in model.modules():
        if isinstance(m, nn.Linear):
            if scheme == "xavier":
                nn.init.xavier_normal_(m.weight)
            else:
                nn.init.kaiming_normal_(m.weight, mode="fan_out")
            nn.init.zeros_(m.bias)
    return model
