"""Takes the class indices through NumPy: a CPU tensor, wrong on a GPU (hidden test on the meta device).

expect: test_train_step_optim
message: On a GPU it fails the same way
mistake: ignores-device
"""
# %% train_step_optim
def train_step_optim(model, loss, optim, X, Y):
    y = torch.from_numpy(Y.detach().cpu().numpy().argmax(axis=1))
    optim.zero_grad()
    Ytilde = model(X)
    L = loss(Ytilde, y)
    acc = (Ytilde.argmax(dim=1).cpu() == y).float().mean()
    L.backward()
    optim.step()
    return L.detach(), acc
