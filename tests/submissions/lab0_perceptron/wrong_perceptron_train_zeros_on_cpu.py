"""Creates w and b without device=: right on the CPU, wrong on a GPU (the meta test).

expect: test_perceptron_train
mistake: ignores-device
"""
# %% perceptron_train
def perceptron_train(X, y, max_epochs=100):
    history = []
    w = torch.zeros(X.shape[1], dtype=X.dtype)
    b = torch.zeros((), dtype=X.dtype)
    for epoch in range(max_epochs):
        w, b, mistakes = perceptron_epoch(w, b, X, y)
        history.append(mistakes)
        if mistakes == 0:
            break
    return w, b, history
