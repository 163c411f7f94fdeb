"""loss.backward(), with the parameters' .grad saved before and put back after.

expect: none
"""
# %% fgsm
def fgsm(model, X, y, eps):
    saved = [p.grad for p in model.parameters()]
    for p in model.parameters():
        p.grad = None
    X_ = X.detach().clone().requires_grad_(True)
    loss = F.cross_entropy(model(X_), y)
    loss.backward()
    for p, g in zip(model.parameters(), saved):
        p.grad = g
    return (X + eps * X_.grad.sign()).detach()
