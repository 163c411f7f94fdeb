"""loss.backward() on a detached copy of X, the sign read from its .grad, then the model's
gradients cleared with model.zero_grad().

expect: none
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
