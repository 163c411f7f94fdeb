"""Returns a copy without drawing when sigma is 0: the text draws exactly one torch.randn at every call,
so the generator is left one draw behind and every later image gets other noise.

expect: test_add_noise
message: generator (a generator) was advanced or reseeded otherwise
mistake: contract-arguments
"""
# %% add_noise
def add_noise(images, sigma, generator=None):
    if sigma == 0:
        return images.clone()
    noise = torch.randn(images.shape, generator=generator, device=images.device, dtype=images.dtype)
    return images + sigma * noise
