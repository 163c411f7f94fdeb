"""dllabs: the student package of the deep-learning labs.

What a lab notebook imports, one concept per module:

- ``dllabs.data``: the Circles toy data set, MNIST and CIFAR-10 through torchvision
  (with a clear message when they cannot be downloaded), ``python -m dllabs.data``.
- ``dllabs.plots``: training curves, decision boundaries, image grids, confusion matrices.
- ``dllabs.device``: which device to train on and to check gradients on; seeding.
- ``dllabs.grading``: whether the notebook runs under nbgrader (short training then).
- ``dllabs.language``: the language of the messages a student reads (``dllabs.set_language("fr")``).

Nothing heavy is imported here: import the module you need.
"""

__version__ = "0.1.0"

from .language import set_language  # noqa: E402  (the French edition's set-up cell calls it)

__all__ = ["set_language"]
