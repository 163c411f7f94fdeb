"""Draws each weight as a sum of three uniforms scaled to the law's std: right mean and std, kurtosis near 0, but not a normal law.

expect: test_init_weights_
message: not a normal law
mistake: not-normal
"""
# %% init_weights_
import math


def init_weights_(model, scheme):
    for m in model.modules():
        if isinstance(m, nn.Linear):
            n_in, n_out = m.in_features, m.out_features
            std = math.sqrt(2 / (n_in + n_out)) if scheme == "xavier" else math.sqrt(2 / n_in)
            with torch.no_grad():
                u = torch.rand((3, *m.weight.shape), device=m.weight.device, dtype=m.weight.dtype).sum(dim=0) - 1.5
                m.weight.copy_(u * (std / 0.5))  # a sum of 3 uniforms has std 1/2
            nn.init.zeros_(m.bias)
    return model
