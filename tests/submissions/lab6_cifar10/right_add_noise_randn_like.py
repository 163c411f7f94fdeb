"""torch.randn_like when there is no generator; with one, torch.randn with the images' device and dtype.

expect: none
"""
# %% add_noise
def add_noise(images, sigma, generator=None):
    if generator is None:
        return images + sigma * torch.randn_like(images)
    return images.add(torch.randn(images.shape, generator=generator, device=images.device, dtype=images.dtype), alpha=sigma)
