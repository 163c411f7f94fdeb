"""The contract harness itself (dllabs.checks._harness), on toy contracts: each clause it holds fails a
function that breaks it, with a message naming the clause, and right functions pass. The labs' contracts
are held on every example submission by test_submissions.py."""

from __future__ import annotations

import threading

import pytest
import torch

from dllabs.checks._outcome import CheckFailed
from dllabs.checks._harness import Contract, CountingLoader, hold
from dllabs.checks._kinds import Dict, Int, Tensor, Tuple


def _x(n: int, dtype: torch.dtype, seed: int) -> dict:
    return {"x": torch.randn(n, 3, generator=torch.Generator().manual_seed(seed), dtype=torch.float64).to(dtype)}


PARAMS = {"n": lambda st: st.integers(1, 6), "dtype": lambda st: st.sampled_from([torch.float32, torch.float64]),
          "seed": lambda st: st.integers(0, 99)}


def contract(**changes) -> Contract:
    base = dict(name="double", params=lambda st: {k: v(st) for k, v in PARAMS.items()}, build=_x,
                reference=lambda x: 2 * x, returns=Tensor(),
                corners=({"n": 1, "dtype": torch.float64, "seed": 0},))
    return Contract(**{**base, **changes})


def right(x):
    return 2 * x


def helper(x):
    return 2 * x


# ----------------------------------------------------------------- functions that break one clause each
def in_place(x):
    return x.mul_(2)


def grad_mode_left_off(x):
    torch.set_grad_enabled(False)
    return 2 * x


def draws_from_global_rng(x):
    torch.rand(1)
    return 2 * x


def returns_with_graph(x):
    return 2 * x.detach().requires_grad_(True)


def wrong_for_large_n(x):
    return 2 * x if x.shape[0] < 4 else 3 * x


def never_stops(x):
    while True:
        x = x + 0


def loops_over_rows(x):
    return torch.stack([2 * row for row in x])


def never_calls_helper(x):
    return 2 * x


def calls_helper(x):
    return helper(x)


def leaves_requires_grad(x):
    x.requires_grad_(True)
    return 2 * x.detach()


def result_on_the_cpu(x):
    return torch.zeros(x.shape, dtype=x.dtype) + 2 * x.cpu()


def noise_drawn_on_the_cpu(x):
    noise = torch.randn(x.shape, dtype=x.dtype, generator=torch.Generator().manual_seed(0))
    return 2 * x + 0 * noise.to(x.device)


_stop = threading.Event()


def leaves_a_thread(x):
    threading.Thread(target=_stop.wait, daemon=True).start()
    return 2 * x


@pytest.fixture(autouse=True)
def _restore():
    _stop.clear()
    yield
    _stop.set()
    torch.set_grad_enabled(True)


CASES = [
    (in_place, {}, "x was changed in place"),
    (grad_mode_left_off, {}, "gradient tracking switched off"),
    (draws_from_global_rng, {}, "global random generator"),
    (returns_with_graph, {}, "still carries an autograd graph"),
    (wrong_for_large_n, {}, "differs from the reference's"),
    (never_stops, {}, "torch calls"),
    (loops_over_rows, {"loop_free": "n"}, "a Python loop where the text says none"),
    (never_calls_helper, {"calls": {"helper": lambda p: 1}}, "it called helper(...) 0 times, the text says 1"),
    (leaves_requires_grad, {}, "x.requires_grad went from False to True"),
    (result_on_the_cpu, {}, "expected 'meta' like the inputs"),
    (noise_drawn_on_the_cpu, {}, "drew random numbers on the CPU"),
    (leaves_a_thread, {}, "threads running"),
]


@pytest.mark.parametrize("fn, changes, message", CASES, ids=[c[0].__name__ for c in CASES])
def test_a_broken_clause_fails_with_its_message(fn, changes, message):
    with pytest.raises(CheckFailed, match="breaks its contract|made more than|drew random") as failure:
        hold(contract(**changes), fn)
    assert message in str(failure.value)


@pytest.mark.parametrize("fn, changes", [(right, {"loop_free": "n"}),
                                         (calls_helper, {"calls": {"helper": lambda p: 1}})])
def test_right_functions_pass(fn, changes):
    hold(contract(**changes), fn)


def test_the_failing_problem_is_shrunk_and_the_same_each_time():
    messages = set()
    for _ in range(2):
        with pytest.raises(CheckFailed) as failure:
            hold(contract(corners=()), wrong_for_large_n)
        messages.add(str(failure.value))
    assert len(messages) == 1
    assert "n=4" in messages.pop()  # the smallest n that breaks it


def test_kinds_are_exact():
    count = contract(reference=lambda x: (2 * x, int(x.shape[0])), returns=Tuple(Tensor(), Int(), names=("y", "n")))
    hold(count, lambda x: (2 * x, x.shape[0]))
    with pytest.raises(CheckFailed, match="n is a Tensor of shape \\(\\), the text says a Python int"):
        hold(count, lambda x: (2 * x, torch.tensor(x.shape[0])))

    class Lazy(dict):
        pass

    plain = contract(reference=lambda x: {"y": 2 * x}, returns=Dict(Tensor()))
    with pytest.raises(CheckFailed, match="the text says a plain dict"):
        hold(plain, lambda x: Lazy(y=2 * x))


def _model(n: int, dtype: torch.dtype, seed: int) -> dict:
    torch.manual_seed(seed)
    model = torch.nn.Sequential(torch.nn.Linear(3, 2)).to(dtype)
    X = torch.randn(n, 3, dtype=dtype)
    loader = CountingLoader(torch.utils.data.TensorDataset(X), batch_size=2)
    return {"model": model, "loader": loader}


def _outputs(model, loader):
    with torch.no_grad():
        return torch.cat([model(X) for (X,) in loader])


def test_module_calls_modes_and_loader_passes():
    watched = contract(build=_model, reference=_outputs, on_meta=False, loader_passes=1, global_rng="as_reference",
                       forward_calls=lambda p: (p["n"] + 1) // 2)
    hold(watched, _outputs)

    def skips_hooks(model, loader):
        with torch.no_grad():
            return torch.cat([model.forward(X) for (X,) in loader])

    def two_passes(model, loader):
        len([b for b in loader])
        return _outputs(model, loader)

    def leaves_eval_mode(model, loader):
        model.eval()
        return _outputs(model, loader)

    def freezes(model, loader):
        model[0].weight.requires_grad_(False)
        return _outputs(model, loader)

    for fn, message in [(skips_hooks, "calling .forward directly skips the module's hooks"),
                        (two_passes, "2 passes over loader"), (leaves_eval_mode, "left in eval mode"),
                        (freezes, "model.0.weight.requires_grad went from True to False")]:
        with pytest.raises(CheckFailed) as failure:
            hold(watched, fn)
        assert message in str(failure.value), fn.__name__


def test_cost_is_counted_in_floating_point_operations():
    costly = contract(reference=lambda x: x @ x.T, returns=Tensor(), max_cost=lambda p: 4 * p["n"] ** 2 * 3)
    hold(costly, lambda x: x @ x.T)
    with pytest.raises(CheckFailed, match="floating-point operations"):
        hold(costly, lambda x: sum((x @ x.T for _ in range(5)), torch.zeros(())) / 5)


def test_work_counts_elementwise_operations_too():
    """A numerical method written without a matrix product escapes a FLOP count, not the count of elements."""
    cheap = contract(reference=lambda x: 2 * x, max_work=lambda p: 4 * p["n"] * 3)
    hold(cheap, right)

    def repeated(x):
        for _ in range(10):
            y = x * 2
        return y

    with pytest.raises(CheckFailed, match="tensor elements where the method the text states needs at most"):
        hold(cheap, repeated)
