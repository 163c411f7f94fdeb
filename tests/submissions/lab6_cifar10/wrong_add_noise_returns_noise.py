"""Returns the noise alone.

expect: test_add_noise
message: the noise alone
"""
# %% add_noise
def add_noise(images, sigma, generator=None):
    return sigma * torch.randn(images.shape, generator=generator, device=images.device, dtype=images.dtype)
