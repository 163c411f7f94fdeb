"""Draws the noise on the CPU, then moves it to the images' device: on a GPU the numbers come from the
CPU's generator and are copied over at every call (and a CUDA generator given is refused).

expect: test_add_noise
message: drew random numbers on the CPU
mistake: draws-on-cpu
"""
# %% add_noise
def add_noise(images, sigma, generator=None):
    noise = torch.randn(images.shape, generator=generator, dtype=images.dtype)
    return images + sigma * noise.to(images.device)
