"""A while loop with an epoch counter; w and b from zeros_like.

expect: none
"""
# %% perceptron_train
def perceptron_train(X, y, max_epochs=100):
    history = []
    w, b = torch.zeros_like(X[0]), torch.zeros_like(X[0, 0])
    epoch = 0
    while epoch < max_epochs and (not history or history[-1] != 0):
        w, b, mistakes = perceptron_epoch(w, b, X, y)
        history.append(int(mistakes))
        epoch += 1
    return w, b, history
