"""Applies the random crop and flip at test time too.

expect: test_cifar_transforms
message: training only
mistake: augments-test-images
"""
# %% cifar_transforms
def cifar_transforms(train: bool):
    return T.Compose([T.RandomCrop(32, padding=4), T.RandomHorizontalFlip(), T.ToTensor(),
                      T.Normalize((0.4914, 0.4822, 0.4465), (0.2470, 0.2435, 0.2616))])
