"""sgd with torch.add(p, g, alpha=-eta), looping over the gradients' keys.

expect: none
"""
# %% sgd
def sgd(params, grads, eta):
    for key, g in grads.items():
        params[key] = torch.add(params[key], g, alpha=-eta)
    return params
