"""Swaps the two laws: He for "xavier", Glorot for "he".

expect: test_init_weights_
message: scheme 'xavier' asks for Glorot's law
mistake: schemes-swapped
"""
# %% init_weights_
def init_weights_(model, scheme):
    for m in model.modules():
        if isinstance(m, nn.Linear):
            if scheme == "he":
                nn.init.xavier_normal_(m.weight)
            else:
                nn.init.kaiming_normal_(m.weight)
            nn.init.zeros_(m.bias)
    return model
