"""Initialises every parameter of the model (matrices by the law, vectors to zero), not just the nn.Linear layers: a LayerNorm's weight becomes 0.

expect: test_init_weights_
message: a parameter of a layer that is not an nn.Linear
mistake: changes-other-layers
"""
# %% init_weights_
def init_weights_(model, scheme):
    for p in model.parameters():
        if p.dim() > 1:
            if scheme == "xavier":
                nn.init.xavier_normal_(p)
            else:
                nn.init.kaiming_normal_(p)
        else:
            nn.init.zeros_(p)
    return model
