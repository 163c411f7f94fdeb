"""Cheat: forward returns objects whose == is always True.

expect: test_forward
"""
# %% forward
class Anything:
    shape = None
    def __eq__(self, other):
        return True
def forward(params, X):
    a = Anything()
    return a, {"X": X, "htilde": a, "h": a, "ytilde": a, "yhat": a}
