"""Draws the noise on the default device: right on the CPU, wrong for images anywhere else (the hidden test on meta).

expect: test_add_noise
message: must follow its inputs' device
mistake: ignores-device
"""
# %% add_noise
def add_noise(images, sigma, generator=None):
    return images + sigma * torch.randn(images.shape, generator=generator, dtype=images.dtype)
