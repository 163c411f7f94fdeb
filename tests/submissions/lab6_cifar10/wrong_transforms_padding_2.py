"""RandomCrop(32, padding=2): the shifts reach 2 pixels, not the 4 of the text.

expect: test_cifar_transforms
message: the text says up to 4 each way
mistake: contract-result
"""
# %% cifar_transforms
def cifar_transforms(train: bool):
    normalise = [T.ToTensor(), T.Normalize((0.4914, 0.4822, 0.4465), (0.2470, 0.2435, 0.2616))]
    augment = [T.RandomCrop(32, padding=2), T.RandomHorizontalFlip()] if train else []
    return T.Compose(augment + normalise)
