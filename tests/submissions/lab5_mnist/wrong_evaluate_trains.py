"""Copy-pastes the training loop into evaluate, optimiser step included: it trains on the test set.

expect: test_evaluate
message: must not train
mistake: changes-params
"""
# %% evaluate
def evaluate(model, loader, loss, device):
    model.eval()
    optim = torch.optim.SGD(model.parameters(), lr=0.01)
    total_loss, right, count = 0.0, 0, 0
    for X, y in loader:
        X, y = X.to(device), y.to(device)
        optim.zero_grad()
        logits = model(X)
        L = loss(logits, y)
        L.backward()
        optim.step()
        total_loss += L.item() * len(y)
        right += (logits.argmax(dim=1) == y).sum().item()
        count += len(y)
    return total_loss / count, right / count
