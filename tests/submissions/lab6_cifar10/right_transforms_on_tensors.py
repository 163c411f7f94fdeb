"""Augments after ToTensor and Normalize (torchvision's transforms accept tensors too), the
flip before the crop; the padding is then 0 in normalised units: still a shifted, mirrored copy.

expect: none
"""
# %% cifar_transforms
CIFAR_MEAN = [0.49139968, 0.48215841, 0.44653091]
CIFAR_STD = [0.24703223, 0.24348513, 0.26158784]


def cifar_transforms(train: bool):
    steps = [T.ToTensor(), T.Normalize(CIFAR_MEAN, CIFAR_STD)]
    if train:
        steps += [T.RandomHorizontalFlip(p=0.5), T.RandomCrop(32, padding=4, padding_mode="reflect")]
    return T.Compose(steps)
