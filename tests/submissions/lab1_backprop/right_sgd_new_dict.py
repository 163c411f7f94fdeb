"""sgd returning a new dict built by a comprehension; the params passed in stay untouched.

expect: none
"""
# %% sgd
def sgd(params, grads, eta):
    return {key: p - eta * grads[key] for key, p in params.items()}
