"""loss.backward() on a detached copy of X, the sign read from its .grad, then model.zero_grad():
right values, but the gradients the parameters held before the call are wiped.

expect: test_fgsm
message: wiped the gradients the model's parameters held before the call
mistake: wipes-param-grads
"""
# %% fgsm
def fgsm(model, X, y, eps):
    X_adv = X.clone().detach()
    X_adv.requires_grad = True
    loss = nn.CrossEntropyLoss()(model(X_adv), y)
    loss.backward()
    with torch.no_grad():
        out = X_adv + eps * torch.sign(X_adv.grad)
    model.zero_grad()
    return out
