"""Initialises and returns a copy of the model, leaving the given one as it was.

expect: test_init_weights_
message: is not the model it was given
mistake: returns-copy
"""
# %% init_weights_
import copy


def init_weights_(model, scheme):
    new = copy.deepcopy(model)
    for m in new.modules():
        if isinstance(m, nn.Linear):
            if scheme == "xavier":
                nn.init.xavier_normal_(m.weight)
            else:
                nn.init.kaiming_normal_(m.weight)
            nn.init.zeros_(m.bias)
    return new
