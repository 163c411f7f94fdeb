"""Replaces weight and bias by new nn.Parameter objects (an optimizer built before would not see them).

expect: test_init_weights_
message: replaced the model's parameters
mistake: new-parameters
"""
# %% init_weights_
import math


def init_weights_(model, scheme):
    for m in model.modules():
        if isinstance(m, nn.Linear):
            fan_out, fan_in = m.weight.shape
            std = math.sqrt(2 / (fan_in + fan_out)) if scheme == "xavier" else math.sqrt(2 / fan_in)
            m.weight = nn.Parameter(std * torch.randn_like(m.weight))
            m.bias = nn.Parameter(torch.zeros_like(m.bias))
    return model
