"""Both laws from their formulas with nn.init.normal_ (gain 1 for Glorot, sqrt(2) for He).

expect: none
"""
# %% init_weights_
import math


def init_weights_(model, scheme):
    for m in model.modules():
        if isinstance(m, nn.Linear):
            fan_in, fan_out = m.in_features, m.out_features
            if scheme == "xavier":
                gain = 1.0
                nn.init.normal_(m.weight, 0.0, gain * math.sqrt(2.0 / (fan_in + fan_out)))
            else:
                gain = math.sqrt(2.0)
                nn.init.normal_(m.weight, 0.0, gain / math.sqrt(fan_in))
            if m.bias is not None:
                nn.init.constant_(m.bias, 0.0)
    return model
