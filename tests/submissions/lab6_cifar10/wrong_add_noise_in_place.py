"""Adds the noise to the input in place (+=) and returns it.

expect: test_add_noise
message: modified its input images
mistake: changes-input-in-place
"""
# %% add_noise
def add_noise(images, sigma, generator=None):
    images += sigma * torch.randn(images.shape, generator=generator, device=images.device, dtype=images.dtype)
    return images
