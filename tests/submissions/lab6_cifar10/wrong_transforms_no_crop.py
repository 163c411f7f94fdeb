"""Flips the training images but never shifts them: RandomCrop(32, padding=4) is missing.

expect: test_cifar_transforms
message: never shifted the image
mistake: no-crop
"""
# %% cifar_transforms
def cifar_transforms(train: bool):
    steps = [T.RandomHorizontalFlip()] if train else []
    return T.Compose(steps + [T.ToTensor(), T.Normalize((0.4914, 0.4822, 0.4465), (0.2470, 0.2435, 0.2616))])
