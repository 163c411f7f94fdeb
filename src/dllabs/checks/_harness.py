"""The contract harness: each graded function's contract as data, held on generated problems.

A check written case by case holds the mistakes it was shown. A :class:`Contract` states what
the notebook's text promises about a function instead: the kind of everything it returns, what
it may change, what it must leave as it was (inputs, ``.grad``, modes, grad mode, random
state), what it must call and how often, what it may cost, and the regimes its problems must
reach (a batch of one, extreme values, long runs). :func:`hold` runs the student's function and
the reference on the same problems, drawn by Hypothesis (fixed seed, a bounded number of
examples: grading stays deterministic and fast), and compares everything observable. A broken
clause fails with one line naming the clause and the problem it broke on (Hypothesis shrinks
the problem to a small one first, where shrinking is cheap).

Device-following is judged the same way for every function: one problem runs with its inputs on
the 'meta' device under ``SimulatedDevice`` (a stand-in GPU), and what reaches the result must
be on 'meta', in the problem's dtype, with nothing drawn at random on the host.
"""

from __future__ import annotations

import contextlib
import io
import operator
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import torch
from torch.overrides import _get_current_function_mode_stack
from torch.utils._python_dispatch import TorchDispatchMode, _get_current_dispatch_mode_stack

from ..language import say
from ._calling import call, quiet
from ._device import call_on_meta, resolve_device
from ._no_autograd import call_without_autograd
from ._outcome import CheckFailed, MetaUnsupported
from ._kinds import Kind
from ._references import GradedOnly

Params = dict[str, Any]


@dataclass(frozen=True)
class Contract:
    """What one graded function promises, as data (see the module's docstring).

    ``params`` maps each parameter of a problem to a Hypothesis strategy (given the module
    ``hypothesis.strategies``, imported only when a contract is held); ``build(**params)`` returns
    the call's arguments, in order, as fresh objects (it runs twice per problem: the student's
    function and the reference each get their own). ``corners`` are parameter sets always run:
    the regimes' edges the text states. A problem's parameter ``grad_enabled`` (a bool), where a
    contract draws one, is the caller's grad mode: both functions run under it (on by default).
    """

    name: str
    params: Callable[[Any], Mapping[str, Any]]
    build: Callable[..., dict[str, Any]]
    reference: Callable[..., Any]
    returns: Kind
    corners: tuple[Params, ...] = ()
    may_change: frozenset[str] = frozenset()
    """Arguments the function may change in place (any way it likes)."""
    changes: frozenset[str] = frozenset()
    """Arguments the function changes in place, exactly as the reference changes them."""
    grad_free: frozenset[str] = frozenset()
    """Arguments whose (parameters') ``.grad`` the text leaves free after the call: compared without it."""
    global_rng: str = "untouched"
    """``"untouched"``: torch's global generator is left as it was; ``"as_reference"``: it draws what
    the reference draws (reseeding it, or drawing more, breaks the contract); ``"free"``."""
    calls: Mapping[str, Callable[[Params], int]] = field(default_factory=dict)
    """Notebook name -> how many times the function must call it on a problem."""
    alone: Mapping[str, Callable[[], Callable]] = field(default_factory=dict)
    """Notebook name -> (a getter of) the reference bound to that name while the function is checked."""
    forward_calls: Callable[[Params], int | range] | None = None
    """How many times each module argument must be called (``model(X)``, so that its hooks run); a ``range``:
    any count in it."""
    loader_passes: int | None = None
    """How many passes over each loader argument the function makes."""
    loop_free: str | None = None
    """A size parameter: doubling it must not change the number of torch calls (no Python loop over it)."""
    max_cost: Callable[[Params], float] | None = None
    """The most floating-point operations (``FlopCounterMode``) the function may spend on a problem."""
    max_work: Callable[[Params], float] | None = None
    """The most tensor elements its torch operations may produce on a problem (:class:`Work`): unlike FLOPs,
    it counts elementwise operations too, so a numerical method written without matrix products is seen."""
    no_autograd: bool = False
    after: Callable[[Params, dict[str, Any]], str | None] | None = None
    """A clause on what the arguments recorded during the call (a black-box ``f`` counting its calls, entries
    restored up to rounding): ``after(params, args)`` is a sentence saying what broke it, or None."""
    on_meta: bool = True
    examples: int = 8
    shrink: bool = True
    clauses: tuple[str, ...] = ()
    """The contract's sentences, as the spec table lists them (docs/spec)."""


def describe(params: Params) -> str:
    """A problem's parameters as a student reads them: ``n=1, d=3, float32, scale=1000``."""
    parts = []
    for key, value in params.items():
        if isinstance(value, torch.dtype):
            parts.append(str(value).replace("torch.", ""))
        else:
            parts.append(f"{key}={value:g}" if isinstance(value, float) else f"{key}={value}")
    return ", ".join(parts)


# --------------------------------------------------------------------------- what a call may not change
def snapshot(x: Any) -> Any:
    """A copy of everything observable about ``x``: tensor values, ``requires_grad`` and ``.grad``,
    a module's parameters, buffers, modes and flags, a generator's state; containers item by item."""
    if isinstance(x, torch.Tensor):
        grad = x.grad.detach().clone() if x.is_leaf and x.grad is not None else None
        return ("tensor", x.detach().clone(), x.requires_grad, grad)
    if isinstance(x, torch.nn.Module):
        return ("module", {k: snapshot(v) for k, v in [*x.named_parameters(), *x.named_buffers()]},
                {k or "model": m.training for k, m in x.named_modules()})
    if isinstance(x, torch.Generator):
        return ("generator", x.get_state())
    if isinstance(x, dict):
        return ("dict", {k: snapshot(v) for k, v in x.items()})
    if isinstance(x, (list, tuple)):
        return (type(x).__name__, [snapshot(v) for v in x])
    return ("other", None)


def _same(a: torch.Tensor, b: torch.Tensor) -> bool:
    return a.shape == b.shape and a.dtype == b.dtype and (a.device.type == "meta" or torch.equal(a, b))


def _items_change(before: Mapping[str, Any], after: Mapping[str, Any], label: Callable[[str], str]) -> str | None:
    """The first item of ``before`` (snapshots by key) missing from ``after`` or changed there, in words."""
    for key, snap in before.items():
        if key not in after:
            return say(f"{label(key)} was removed", f"{label(key)} a été supprimé")
        change = first_change(label(key), snap, after[key])
        if change:
            return change
    return None


def first_change(label: str, before: Any, after: Any) -> str | None:
    """How ``after`` (a snapshot) differs from ``before``, in words, or None."""
    kind = before[0]
    if kind != after[0]:
        now = _KIND_FR.get(after[0], after[0])
        return say(f"{label} was replaced by a {after[0]}", f"{label} a été remplacé par un {now}")
    if kind == "tensor":
        _, value, rg, grad = before
        _, value2, rg2, grad2 = after
        if not _same(value, value2):
            return say(f"{label} was changed in place", f"{label} a été modifié en place")
        if rg != rg2:
            return say(f"{label}.requires_grad went from {rg} to {rg2}",
                       f"{label}.requires_grad est passé de {rg} à {rg2}")
        if (grad is None) != (grad2 is None) or (grad is not None and not _same(grad, grad2)):
            wiped = grad2 is None or not grad2.any()
            return say(f"{label}.grad was {'wiped' if wiped else 'changed'}",
                       f"{label}.grad a été {'effacé' if wiped else 'modifié'}")
        return None
    if kind == "module":
        change = _items_change(before[1], after[1], lambda key: f"{label}.{key}")
        if change:
            return change
        for key, mode in before[2].items():
            if after[2].get(key) != mode:
                where = label if key == "model" else f"{label}.{key}"
                now, was = "train" if after[2].get(key) else "eval", "train" if mode else "eval"
                return say(f"{where} was left in {now} mode (it was in {was} mode)",
                           f"{where} a été laissé en mode {now} (il était en mode {was})")
        return None
    if kind == "generator":
        return None if torch.equal(before[1], after[1]) else \
            say(f"{label} (a generator) was advanced or reseeded otherwise than by the draws the text states",
                f"{label} (un générateur) a été avancé ou réinitialisé autrement que par les tirages que l'énoncé"
                " prévoit")
    if kind == "dict":
        return _items_change(before[1], after[1], lambda key: f"{label}[{key!r}]")
    if kind in ("list", "tuple"):
        if len(before[1]) != len(after[1]):
            return say(f"{label} changed length", f"{label} a changé de longueur")
        for i, (b, a) in enumerate(zip(before[1], after[1])):
            change = first_change(f"{label}[{i}]", b, a)
            if change:
                return change
    return None


_KIND_FR = {"tensor": "tenseur", "generator": "générateur", "other": "objet"}
"""A snapshot's kind as the French messages name it (the others are Python's or torch's names)."""


def _namespace_ids() -> int:
    """A fingerprint of what torch's namespaces hold: replacing a torch function (to leave work for
    later, or to hide from a check) changes it."""
    h = 0
    for space in (torch, torch.Tensor, torch.nn.functional, torch.autograd, torch.nn.Module):
        for key, value in list(vars(space).items()):
            h ^= hash((key, id(value)))
    return h


GLOBAL_STATE: dict[str, tuple[Callable[[], Any], Callable[[], str]]] = {
    "grad mode": (torch.is_grad_enabled,  # not shown to students
                  lambda: say("it left gradient tracking switched {after} for its caller: use"
                              " `with torch.no_grad():` (or enable_grad), which restores the caller's mode",
                              "elle a laissé le suivi des gradients {after} pour son appelant : utilisez"
                              " `with torch.no_grad():` (ou enable_grad), qui rétablit le mode de l'appelant")),
    "inference mode": (torch.is_inference_mode_enabled,  # not shown to students
                       lambda: say("it left inference mode {after} for its caller",
                                   "elle a laissé le mode inférence {after} pour son appelant")),
    "default dtype": (torch.get_default_dtype,  # not shown to students
                      lambda: say("it changed torch's default dtype to {after}",
                                  "elle a changé le dtype par défaut de torch en {after}")),
    "anomaly detection": (torch.is_anomaly_enabled,  # not shown to students
                          lambda: say("it left anomaly detection {after}",
                                      "elle a laissé le mode de détection d'anomalies {after}")),
    "torch modes": (lambda: (len(_get_current_function_mode_stack()),  # not shown to students
                             len(_get_current_dispatch_mode_stack())),
                    lambda: say("it left a torch mode active after returning: work left for later calls",
                                "elle a laissé un mode torch actif après son retour : du travail laissé aux appels"
                                " suivants")),
    "threads": (lambda: frozenset(threading.enumerate()),
                lambda: say("it left threads running (threads it started, still alive after it returned): work left"
                            " running after it returned",
                            "elle a laissé des threads en marche (lancés par elle, encore actifs après son retour) :"
                            " du travail qui continue après son retour")),
    "tracing": (lambda: (sys.gettrace(), sys.getprofile()),
                lambda: say("it left a trace or profile function installed",
                            "elle a laissé une fonction de trace ou de profilage installée")),
    "torch namespace": (_namespace_ids,  # not shown to students
                        lambda: say("it replaced a function of torch, torch.Tensor or torch.nn.functional",
                                    "elle a remplacé une fonction de torch, torch.Tensor ou torch.nn.functional")),
}
"""Process-wide state a graded function must leave as it found it: name -> (read it, the message, built when
shown)."""


def global_state() -> dict[str, Any]:
    return {key: read() for key, (read, _) in GLOBAL_STATE.items()}


def _on_off(value: Any) -> str:
    if not isinstance(value, bool):
        return str(value)
    return say("on", "activé") if value else say("off", "désactivé")


CHANGED: dict[str, Callable[[Any, Any], bool]] = {"threads": lambda before, after: bool(after - before)}
"""Where a change is not plain inequality: a thread that ended meanwhile was not the function's (a test
fixture's, the kernel's); one alive now that was not before is."""


def global_change(before: Mapping[str, Any], after: Mapping[str, Any]) -> str | None:
    for key, (_, message) in GLOBAL_STATE.items():
        if CHANGED.get(key, operator.ne)(before[key], after[key]):
            return message().format(before=_on_off(before[key]), after=_on_off(after[key]))
    return None


def _rng_state() -> list[torch.Tensor]:
    states = [torch.random.get_rng_state()]
    if torch.cuda.is_available():
        states += torch.cuda.get_rng_state_all()
    return states


# --------------------------------------------------------------------------- what a call did
class CountingLoader(torch.utils.data.DataLoader):
    """A DataLoader that counts the passes made over it (each ``iter()``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.passes = 0

    def __iter__(self) -> Any:
        self.passes += 1
        return super().__iter__()


class _TorchCalls(torch.overrides.TorchFunctionMode):
    """Counts the torch calls made while active; past ``budget`` of them, stops the call (an endless loop)."""

    def __init__(self, budget: int | None = None) -> None:
        super().__init__()
        self.count, self.budget = 0, budget

    def __torch_function__(self, func: Callable, types: Any, args: Any = (), kwargs: Any = None) -> Any:
        self.count += 1
        if self.budget is not None and self.count > self.budget:
            raise _OverBudget()
        return func(*args, **(kwargs or {}))


class Work(TorchDispatchMode):
    """Counts the tensor elements that torch operations produce while active (views included): the work of
    a computation, whatever its operations. ``Work.of(fn, *args)`` measures one call."""

    def __init__(self) -> None:
        super().__init__()
        self.elements = 0

    def __torch_dispatch__(self, func: Callable, types: Any, args: Any = (), kwargs: Any = None) -> Any:
        out = func(*args, **(kwargs or {}))
        for t in out if isinstance(out, (tuple, list)) else (out,):
            if isinstance(t, torch.Tensor):
                self.elements += t.numel()
        return out

    @classmethod
    def of(cls, fn: Callable, *args: Any) -> int:
        with cls() as work:
            fn(*args)
        return work.elements


class _OverBudget(BaseException):
    """Raised inside a student's function that runs far longer than the reference (it does not stop)."""


@contextlib.contextmanager
def _bound(fn: Callable, names: Mapping[str, Callable]) -> Iterator[None]:
    """The notebook names ``names`` that ``fn`` can see bound to the given functions, restored after."""
    namespace = getattr(fn, "__globals__", None)
    saved: dict[str, Any] = {}
    if isinstance(namespace, dict):
        for key, value in names.items():
            saved[key] = namespace.get(key, _MISSING)
            namespace[key] = value
    try:
        yield
    finally:
        if isinstance(namespace, dict):
            for key, value in saved.items():
                if value is _MISSING:
                    namespace.pop(key, None)
                else:
                    namespace[key] = value


_MISSING = object()


class Watch:
    """What a call did: the notebook functions it called, the calls of each module, the passes over
    each loader, the torch calls and the floating-point operations (when the contract counts them)."""

    def __init__(self, contract: Contract, fn: Callable, args: dict[str, Any], budget: int) -> None:
        self.contract, self.fn, self.args = contract, fn, args
        self.called: dict[str, int] = {name: 0 for name in contract.calls}
        self.forwards: dict[str, int] = {}
        self.torch_calls = _TorchCalls(budget)
        self.flops = None
        if contract.max_cost is not None:
            from torch.utils.flop_counter import FlopCounterMode
            self.flops = FlopCounterMode(display=False)
        self.work = Work() if contract.max_work is not None else None
        self._stack = contextlib.ExitStack()

    def _counting(self, name: str, target: Callable) -> Callable:
        def counted(*args: Any, **kwargs: Any) -> Any:
            self.called[name] += 1
            return target(*args, **kwargs)
        counted.__name__ = name
        return counted

    def __enter__(self) -> Watch:
        namespace = getattr(self.fn, "__globals__", {})
        names = {}
        for name in {*self.contract.alone, *self.contract.calls}:
            target = self.contract.alone[name]() if name in self.contract.alone else namespace.get(name)
            if target is None:
                continue
            names[name] = self._counting(name, target) if name in self.called else target
        self._stack.enter_context(_bound(self.fn, names))
        if self.contract.forward_calls is not None:
            for key, value in self.args.items():
                if isinstance(value, torch.nn.Module):
                    self.forwards[key] = 0
                    handle = value.register_forward_pre_hook(self._forward_hook(key))
                    self._stack.callback(handle.remove)
        if self.flops is not None:
            self._stack.enter_context(self.flops)
        if self.work is not None:
            self._stack.enter_context(self.work)
        self._stack.enter_context(self.torch_calls)
        return self

    def _forward_hook(self, key: str) -> Callable:
        def hook(module: Any, inputs: Any) -> None:
            self.forwards[key] += 1
        return hook

    def __exit__(self, *exc: Any) -> None:
        self._stack.close()

    @property
    def passes(self) -> dict[str, int]:
        return {k: v.passes for k, v in self.args.items() if isinstance(v, CountingLoader)}


# --------------------------------------------------------------------------- holding a contract
def _fresh(contract: Contract, params: Params, device: torch.device) -> dict[str, Any]:
    return {k: _to(v, device) for k, v in contract.build(**params).items()}


def _to(x: Any, device: torch.device) -> Any:
    """``x`` with its tensors and modules on ``device`` (a leaf stays a leaf, requiring grad as it did)."""
    if isinstance(x, torch.Tensor):
        if x.device == device:
            return x
        moved = x.detach().to(device)
        if x.is_leaf:
            moved.requires_grad_(x.requires_grad)
            moved.grad = None if x.grad is None else x.grad.to(device)  # a gradient held moves with its tensor
        return moved
    if isinstance(x, torch.nn.Module):
        return x.to(device)
    if isinstance(x, dict):
        return {k: _to(v, device) for k, v in x.items()}
    if isinstance(x, list):
        return [_to(v, device) for v in x]
    if isinstance(x, tuple):
        return tuple(_to(v, device) for v in x)
    return x


def _run_student(contract: Contract, fn: Callable, args: dict[str, Any], where: str,
                 budget: int) -> tuple[Any, Watch]:
    """``fn(*args)`` watched, as :func:`call` (or ``call_without_autograd``) runs it; stopped past ``budget``
    torch calls."""
    __tracebackhide__ = True
    try:
        with Watch(contract, fn, args, budget) as watch:
            if contract.no_autograd:
                result = call_without_autograd(contract.name, fn, *args.values())
            else:
                result = call(contract.name, fn, *args.values(), where=where)
    except _OverBudget:
        name = contract.name
        raise CheckFailed(say(f"{name} made more than {budget:,} torch calls{where}, where the text's method"
                              " needs far fewer: does it stop when the text says?",
                              f"{name} a fait plus de {budget:,} appels à torch{where}, alors que la méthode de"
                              " l'énoncé en demande bien moins : s'arrête-t-elle quand l'énoncé le dit ?"),
                          mistake="never-stops") from None
    return result, watch


def _broken(contract: Contract, params: Params, what: str, clause: str) -> CheckFailed:
    """The failure of the clause ``clause`` (mistake ``contract-<clause>``) on the problem ``params``."""
    name, problem = contract.name, describe(params)
    return CheckFailed(say(f"{name} breaks its contract on a generated problem ({problem}): {what}.",
                           f"{name} ne respecte pas son contrat sur un problème généré ({problem}) : {what}."),
                       mistake=f"contract-{clause}")


GENERATED = ("generated problem", "problème généré")  # not shown to students
"""How a failure that already names its generated problem says so, in each language."""


def _global_rng_in_use(params: Params) -> None:
    """Seed torch's global generator from the problem, then draw from it: a generator already in use, as a
    caller's is (a function that reseeds it with ``torch.initial_seed()`` changes its state)."""
    torch.manual_seed(params.get("seed", 0))
    torch.rand(3)


def _hold_one(contract: Contract, fn: Callable, params: Params, device: torch.device) -> None:
    """Run ``fn`` and the reference on the problem ``params``; raise :class:`CheckFailed` on any difference."""
    __tracebackhide__ = True
    problem = describe(params)
    where = say(f" on a generated problem ({problem})", f" sur un problème généré ({problem})")
    mine, theirs = _fresh(contract, params, device), _fresh(contract, params, device)
    before = {k: snapshot(v) for k, v in mine.items()}
    caller = torch.set_grad_enabled(params.get("grad_enabled", True))  # the caller's mode, on unless a problem says
    with caller, torch.random.fork_rng(devices=[device] if device.type == "cuda" else []):
        _global_rng_in_use(params)
        counter = _TorchCalls()
        with quiet(), counter:
            expected = contract.reference(*theirs.values())
        rng_reference = _rng_state()
        _global_rng_in_use(params)
        rng_before, state_before = _rng_state(), global_state()
        try:
            result, watch = _run_student(contract, fn, mine, where, 50 * counter.count + 5000)
        except CheckFailed as failure:
            said = any(words in str(failure) for words in GENERATED)
            raise CheckFailed(str(failure) if said else f"{failure} ({where[1:]})",
                              mistake=failure.mistake) from None
        state_after, rng_after = global_state(), _rng_state()
    contract.returns.judge(say("the value returned", "la valeur renvoyée"), result, expected,
                           lambda what: _broken(contract, params, what, "result"))
    for key, value in mine.items():
        if key in contract.may_change:
            continue
        wanted = snapshot(theirs[key]) if key in contract.changes else before[key]
        found = snapshot(value)
        if key in contract.grad_free:
            wanted, found = _without_grads(wanted), _without_grads(found)
        change = first_change(key, wanted, found)
        if change:
            how = say(" (the contract changes it exactly as the text says)",
                      " (l'énoncé dit exactement comment elle le modifie)") if key in contract.changes else \
                say(" (the contract leaves it as it was)", " (l'énoncé le laisse tel quel)")
            raise _broken(contract, params, change + how, "arguments")
    broken = contract.after(params, mine) if contract.after is not None else None
    if broken:
        raise _broken(contract, params, broken, "recorded-calls")
    _judge_counts(contract, params, watch)
    change = global_change(state_before, state_after)
    if change:
        raise _broken(contract, params, change, "global-state")
    rng_wanted = {"untouched": rng_before, "as_reference": rng_reference}.get(contract.global_rng)
    if rng_wanted is not None and not all(torch.equal(a, b) for a, b in zip(rng_after, rng_wanted)):
        if contract.global_rng == "untouched":
            what = say("it left torch's global random generator in another state than the contract says (it must"
                       " not draw from it nor reseed it)",
                       "elle a laissé le générateur aléatoire global de torch dans un autre état que ne le prévoit le"
                       " contrat (elle ne doit ni y tirer ni le réinitialiser)")
        else:
            what = say("it left torch's global random generator in another state than the contract says (it must"
                       " draw exactly what the text says, without reseeding)",
                       "elle a laissé le générateur aléatoire global de torch dans un autre état que ne le prévoit le"
                       " contrat (elle doit y tirer exactement ce que dit l'énoncé, sans le réinitialiser)")
        raise _broken(contract, params, what, "global-rng")
    if contract.loop_free:
        _judge_loop_free(contract, fn, params, device, watch.torch_calls.count)


def _without_grads(snap: Any) -> Any:
    """A snapshot with every ``.grad`` left out (see ``Contract.grad_free``)."""
    kind = snap[0]
    if kind == "tensor":
        return (*snap[:3], None)
    if kind == "module":
        return (kind, {k: _without_grads(v) for k, v in snap[1].items()}, snap[2])
    if kind == "dict":
        return (kind, {k: _without_grads(v) for k, v in snap[1].items()})
    if kind in ("list", "tuple"):
        return (kind, [_without_grads(v) for v in snap[1]])
    return snap


def _judge_counts(contract: Contract, params: Params, watch: Watch) -> None:
    __tracebackhide__ = True
    for name, count in watch.called.items():
        wanted = contract.calls[name](params)
        if count != wanted:
            plural = "s" * (count != 1)
            raise _broken(contract, params, say(f"it called {name}(...) {count} time{plural}, the text says {wanted}",
                                                f"elle a appelé {name}(...) {count} fois, l'énoncé dit {wanted}"),
                          "calls")
    if contract.forward_calls is not None:
        wanted = contract.forward_calls(params)
        for key, count in watch.forwards.items():
            if count not in (wanted if isinstance(wanted, range) else (wanted,)):
                says = wanted if not isinstance(wanted, range) else \
                    say(f"at least {wanted.start}", f"au moins {wanted.start}") if count < wanted.start else \
                    say(f"at most {wanted.stop - 1}", f"au plus {wanted.stop - 1}")
                hint = "" if count else say(f" (calling .forward directly skips the module's hooks: call {key}(X))",
                                            f" (appeler .forward directement saute les hooks du module : appelez"
                                            f" {key}(X))")
                plural = "s" * (count != 1)
                what = say(f"it called {key}(...) {count} time{plural}, the text says {says}{hint}",
                           f"elle a appelé {key}(...) {count} fois, l'énoncé dit {says}{hint}")
                raise _broken(contract, params, what, "forward-calls")
    if contract.loader_passes is not None:
        for key, count in watch.passes.items():
            if count != contract.loader_passes:
                wanted = contract.loader_passes
                raise _broken(contract, params, say(f"it made {count} passes over {key}, the text says {wanted}",
                                                    f"elle a fait {count} passages sur {key}, l'énoncé dit {wanted}"),
                              "loader-passes")
    if contract.max_cost is not None:
        spent, allowed = watch.flops.get_total_flops(), contract.max_cost(params)
        if spent > allowed:
            raise _broken(contract, params, say(f"it spent {spent:,} floating-point operations where the method the"
                                                f" text states needs at most {allowed:,.0f}: a numerical or repeated"
                                                " computation, not the formulas",
                                                f"elle a effectué {spent:,} opérations en virgule flottante là où la"
                                                f" méthode de l'énoncé en demande au plus {allowed:,.0f} : un calcul"
                                                " numérique ou répété, au lieu des formules"), "cost")
    if contract.max_work is not None:
        spent, allowed = watch.work.elements, contract.max_work(params)
        if spent > allowed:
            raise _broken(contract, params, say(f"its torch operations produced {spent:,} tensor elements where the"
                                                f" method the text states needs at most {allowed:,.0f}: a numerical"
                                                " or repeated computation, not the formulas",
                                                f"ses opérations torch ont produit {spent:,} éléments de tenseurs là"
                                                f" où la méthode de l'énoncé en demande au plus {allowed:,.0f} : un"
                                                " calcul numérique ou répété, au lieu des formules"), "cost")


def _judge_loop_free(contract: Contract, fn: Callable, params: Params, device: torch.device, calls: int) -> None:
    """The same problem with the size ``contract.loop_free`` doubled makes as many torch calls."""
    __tracebackhide__ = True
    size = contract.loop_free
    bigger = {**params, size: 2 * params[size] + 1}
    args = _fresh(contract, bigger, device)
    counter = _TorchCalls()
    with counter:
        call(contract.name, fn, *args.values())
    if counter.count > calls:
        small, big, more = params[size], bigger[size], counter.count
        raise _broken(contract, params, say(f"it made {calls} torch calls for {size}={small} and {more}"
                                            f" for {size}={big}: a Python loop where the text says none (use"
                                            " broadcasting)",
                                            f"elle a fait {calls} appels à torch pour {size}={small} et {more}"
                                            f" pour {size}={big} : une boucle Python là où l'énoncé n'en prévoit"
                                            " aucune (utilisez le broadcasting)"),
                      "loop")


def hold_on_meta(contract: Contract, fn: Callable, params: Params) -> None:
    """The problem ``params`` with its inputs on the 'meta' device (a stand-in GPU): what reaches the result is
    on 'meta' and of the reference's kind; an operation 'meta' cannot run says nothing either way."""
    __tracebackhide__ = True
    args = _fresh(contract, params, torch.device("meta"))
    with quiet():
        expected = contract.reference(*_fresh(contract, params, torch.device("cpu")).values())
    try:
        with _bound(fn, {name: get() for name, get in contract.alone.items()}):
            result = call_on_meta(contract.name, fn, *args.values())
    except MetaUnsupported:
        return
    contract.returns.judge(say("the value returned", "la valeur renvoyée"), result, expected,
                           lambda what: _broken(contract, params, what, "result"),
                           device=torch.device("meta"))


def hold(contract: Contract, fn: Callable, device: str | torch.device | None = None) -> None:
    """Hold ``fn`` to ``contract`` on its corner problems and ``contract.examples`` generated ones.

    Raises :class:`CheckFailed` naming the broken clause and the (shrunk) problem it broke on.
    """
    __tracebackhide__ = True
    from hypothesis import HealthCheck, Phase, example, given, settings
    from hypothesis import strategies as st

    device = resolve_device(device)
    failures: list[BaseException] = []

    def problem(params: Params) -> None:
        try:
            _hold_one(contract, fn, params, device)
        except (CheckFailed, GradedOnly) as exc:
            failures.append(exc)
            raise

    test = given(st.fixed_dictionaries(dict(contract.params(st))))(problem)
    for corner in reversed(contract.corners):
        test = example(corner)(test)
    phases = [Phase.explicit, Phase.generate] + ([Phase.shrink] if contract.shrink else [])
    test = settings(max_examples=contract.examples, derandomize=True, database=None, deadline=None,
                    suppress_health_check=list(HealthCheck), phases=phases, report_multiple_bugs=False,
                    print_blob=False)(test)
    with quiet(), contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            test()
        except (CheckFailed, GradedOnly):
            pass
        except Exception:  # noqa: BLE001  (Hypothesis's own report of a failure: the last one is the shrunk one)
            if not failures:
                raise
    if failures:
        raise failures[-1].with_traceback(None)
    if contract.on_meta and contract.corners:
        hold_on_meta(contract, fn, contract.corners[0])


def contract_checker(lab: str) -> Callable[[str, Callable], None]:
    """``check_contract(name, fn)`` for a lab's checks module: hold ``fn`` to the contract of its graded
    function ``name`` (``dllabs.checks.contracts.<lab>``), on the grading device."""

    def check_contract(name: str, fn: Callable, device: str | torch.device | None = None) -> None:
        """Hold the graded function ``name`` (``fn``) to its whole contract, on generated problems."""
        __tracebackhide__ = True
        import importlib

        contracts = importlib.import_module(f"{__package__}.contracts.{lab}").CONTRACTS
        hold(contracts[name], fn, device)

    return check_contract
