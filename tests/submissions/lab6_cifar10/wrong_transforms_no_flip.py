"""Random crops, but no horizontal flip.

expect: test_cifar_transforms
message: RandomHorizontalFlip
mistake: no-flip
"""
# %% cifar_transforms
def cifar_transforms(train: bool):
    aug = [T.RandomCrop(32, padding=4)] if train else []
    return T.Compose(aug + [T.ToTensor(), T.Normalize((0.4914, 0.4822, 0.4465), (0.2470, 0.2435, 0.2616))])
