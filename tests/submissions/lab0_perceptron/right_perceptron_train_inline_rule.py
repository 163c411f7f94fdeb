"""Writes the rule inline instead of calling perceptron_epoch; new_zeros for w and b.

expect: none
"""
# %% perceptron_train
def perceptron_train(X, y, max_epochs=100):
    history = []
    w, b = X.new_zeros(X.shape[1]), X.new_zeros(())
    for _ in range(max_epochs):
        count = 0
        for i in range(X.shape[0]):
            if y[i] * (X[i] @ w + b) <= 0:
                w, b, count = w + y[i] * X[i], b + y[i], count + 1
        history.append(count)
        if count == 0:
            break
    return w, b, history
