"""Normalises with MNIST's mean and std, copied from an earlier lab.

expect: test_cifar_transforms
message: MNIST
mistake: mnist-statistics
"""
# %% cifar_transforms
def cifar_transforms(train: bool):
    aug = [T.RandomCrop(32, padding=4), T.RandomHorizontalFlip()] if train else []
    return T.Compose(aug + [T.ToTensor(), T.Normalize((0.1307,), (0.3081,))])
