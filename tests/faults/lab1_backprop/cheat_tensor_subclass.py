"""Cheat: a tensor subclass whose __torch_function__ answers True to every comparison.

expect: test_backward
"""
# %% backward
class Liar(torch.Tensor):
    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        if func in (torch.allclose, torch.equal, torch.Tensor.__eq__, torch.isclose):
            return True
        return super().__torch_function__(func, types, args, kwargs or {})
def backward(params, outputs, Y):
    return {k: torch.zeros_like(v).as_subclass(Liar) for k, v in params.items()}
