"""Always draws with torch.randn_like, ignoring the generator it is given.

expect: test_add_noise
message: ignores its `generator` argument
mistake: ignores-generator
"""
# %% add_noise
def add_noise(images, sigma, generator=None):
    return images + sigma * torch.randn_like(images)
