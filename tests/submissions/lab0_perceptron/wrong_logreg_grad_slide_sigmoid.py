"""Its own sigmoid with the slide's sign, 1 / (1 + exp(s)).

expect: test_logreg_grad
message: the sigmoid's sign is wrong
mistake: sigmoid-of-minus-s
"""
# %% logreg_grad
def logreg_grad(w, b, X, t):
    r = 1 / (1 + torch.exp(X @ w + b)) - t
    dw = X.T @ r / X.shape[0]
    db = r.mean()
    return dw, db
