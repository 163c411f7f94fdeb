"""Zeroes every Linear's bias without asking whether it has one: a Linear built with bias=False breaks it.

expect: test_init_weights_
message: 'NoneType' object has no attribute
"""
# %% init_weights_
def init_weights_(model, scheme):
    def init(m):
        if isinstance(m, nn.Linear):
            if scheme == "xavier":
                nn.init.xavier_normal_(m.weight)
            elif scheme == "he":
                nn.init.kaiming_normal_(m.weight)
            nn.init.zeros_(m.bias)
    return model.apply(init)
