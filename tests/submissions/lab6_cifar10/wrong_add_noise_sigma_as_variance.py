"""Takes sigma for the variance: scales the noise by sqrt(sigma).

expect: test_add_noise
message: not by sqrt(sigma)
"""
# %% add_noise
def add_noise(images, sigma, generator=None):
    noise = torch.randn(images.shape, generator=generator, device=images.device, dtype=images.dtype)
    return images + sigma ** 0.5 * noise
