"""Passes the std first and the mean second.

expect: test_cifar_transforms
message: swapped
mistake: mean-std-swapped
"""
# %% cifar_transforms
def cifar_transforms(train: bool):
    mean, std = (0.4914, 0.4822, 0.4465), (0.2470, 0.2435, 0.2616)
    aug = [T.RandomCrop(32, padding=4), T.RandomHorizontalFlip()] if train else []
    return T.Compose(aug + [T.ToTensor(), T.Normalize(std, mean)])
