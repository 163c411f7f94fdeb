"""Applies the law to the bias too: xavier_normal_ cannot compute the fans of a 1-D tensor.

expect: test_init_weights_
message: apply them to m.weight only
mistake: init-on-bias
"""
# %% init_weights_
def init_weights_(model, scheme):
    init = nn.init.xavier_normal_ if scheme == "xavier" else nn.init.kaiming_normal_
    for m in model.modules():
        if isinstance(m, nn.Linear):
            init(m.weight)
            init(m.bias)
    return model
