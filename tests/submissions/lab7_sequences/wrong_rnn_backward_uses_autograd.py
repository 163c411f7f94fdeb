"""Reruns the forward pass on leaves and lets torch.autograd compute the gradients.

expect: test_rnn_backward
message: used torch.autograd
mistake: uses-autograd
"""
# %% rnn_backward
def rnn_backward(params, cache, dH):
    leaves = {k: v.detach().clone().requires_grad_() for k, v in params.items()}
    X = cache["X"].detach().clone().requires_grad_()
    h0 = cache["h0"].detach().clone().requires_grad_()
    with torch.enable_grad():
        H, _ = rnn_forward(leaves, X, h0)
        found = torch.autograd.grad(H, [leaves["Wxh"], leaves["Whh"], leaves["bh"], X, h0], dH)
    return dict(zip(["Wxh", "Whh", "bh", "X", "h0"], found))
