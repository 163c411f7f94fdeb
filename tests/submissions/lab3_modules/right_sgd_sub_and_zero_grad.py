"""Uses p.sub_(eta * p.grad) then model.zero_grad() (grads set to None).

expect: none
"""
# %% sgd
def sgd(model, eta):
    with torch.no_grad():
        for p in model.parameters():
            p.sub_(eta * p.grad)
    model.zero_grad()
