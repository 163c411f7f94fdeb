"""ToTensor only: no Normalize.

expect: test_cifar_transforms
message: the normalisation is missing
mistake: no-normalize
"""
# %% cifar_transforms
def cifar_transforms(train: bool):
    if train:
        return T.Compose([T.RandomCrop(32, padding=4), T.RandomHorizontalFlip(), T.ToTensor()])
    return T.ToTensor()
