"""Replaces each weight's data by a tensor drawn on the CPU: right law on a CPU, but a GPU model ends up with CPU weights (hidden test on the meta device).

expect: test_init_weights_
message: A tensor created on the CPU was put where
mistake: ignores-device
"""
# %% init_weights_
import math


def init_weights_(model, scheme):
    for m in model.modules():
        if isinstance(m, nn.Linear):
            n_in, n_out = m.in_features, m.out_features
            std = math.sqrt(2 / (n_in + n_out)) if scheme == "xavier" else math.sqrt(2 / n_in)
            m.weight.data = torch.randn(n_out, n_in, dtype=m.weight.dtype) * std
            nn.init.zeros_(m.bias)
    return model
