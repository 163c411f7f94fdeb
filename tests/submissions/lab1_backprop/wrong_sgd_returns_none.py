"""Updates the parameters in place but forgets to return them.

expect: test_sgd
message: sgd returned None
mistake: returns-none
"""
# %% sgd
def sgd(params, grads, eta):
    for key in params:
        params[key] -= eta * grads[key]
