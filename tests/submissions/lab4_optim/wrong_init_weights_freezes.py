"""Switches requires_grad off to write the weights in place, and never back on: the model's Linear layers are frozen.

expect: test_init_weights_
message: is no longer a parameter requiring grad
mistake: contract-recorded-calls
"""
# %% init_weights_
def init_weights_(model, scheme):
    for m in model.modules():
        if isinstance(m, nn.Linear):
            for p in m.parameters():
                p.requires_grad_(False)
            if scheme == "xavier":
                nn.init.xavier_normal_(m.weight)
            else:
                nn.init.kaiming_normal_(m.weight)
            if m.bias is not None:
                m.bias.zero_()
    return model
