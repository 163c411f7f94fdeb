"""The rule "no torch.autograd" of the functions a lab asks to differentiate by hand (lab 1's
``backward``, lab 0's ``logreg_grad``), made to hold for the whole process.

Two layers, each enough for the plain routes, together closing the hidden ones:

1. **Static** (:func:`autograd_names`): the bytecode of the function and of every function,
   class, default value and closure of the student's that it reaches (recursively, through
   the names it loads) may not name autograd (``backward``, ``grad``, ``requires_grad``,
   ``torch.func``, ``jacobian``, ``_execution_engine``, ``forward_ad``...) nor a way to reach
   a name computed at run time (``getattr``, ``eval``, ``__import__``, ``sys``, ``threading``,
   ``subprocess``, ``ctypes``...). A global it loads is also judged by its value
   (``G = torch.autograd.grad`` in another cell). The message names the line.
2. **At run time, process-wide** (:class:`AutogradTripwire`), whatever thread or torch entry
   point (``torch._C._DisableTorchFunction``, a popped mode, ``torch.ops.aten``, the engine
   called directly, a C++ extension):

   - anomaly mode is one flag for the whole process, and with it on every autograd graph
     node, built by any operation that records a gradient, asks ``torch.fx.traceback`` for
     its stack: the tripwire answers, notes it and raises (a forked child inherits it);
   - forward-mode AD (``torch.func.jvp``/``jacfwd``, ``torch.autograd.forward_ad``) needs a
     dual level, and torch allows one per process: the tripwire holds it, with a dual tensor
     that shows whether it was given up during the call;
   - an audit hook (which Python never removes, so it is added by the first tripwire, not
     on import: :func:`install_audit_hook`) notes a process started or a native library
     loaded during the call.

The inputs of the function require no grad, so a function computed by hand builds no graph
node, enters no dual level and starts nothing: none of this can fail a right answer.

A check calls such a function with :func:`call_without_autograd`, which applies both layers.
"""

from __future__ import annotations

import dis
import linecache
import sys
import threading
import traceback
import types
from collections.abc import Callable
from typing import Any

import torch
import torch.fx.traceback as _fx_traceback

from ..language import say
from ._calling import call
from ._frames import is_library
from ._outcome import CheckFailed

AUTOGRAD = frozenset({
    "backward", "grad", "grad_fn", "requires_grad", "requires_grad_", "retain_grad", "autograd", "func",
    "functorch", "_functorch", "vjp", "jvp", "vhp", "hvp", "jacobian", "hessian", "jacrev", "jacfwd",
    "forward_ad", "make_dual", "unpack_dual", "dual_level", "_make_dual", "_unpack_dual", "_enter_dual_level",
    "_exit_dual_level", "_execution_engine", "run_backward", "_EngineBase", "_ImperativeEngine", "enable_grad",
    "set_grad_enabled", "Parameter", "gradcheck", "gradgradcheck", "detect_anomaly", "set_detect_anomaly",
    "set_anomaly_enabled", "_DisableTorchFunction", "DisableTorchFunction", "_pop_mode", "_push_mode",
    "TorchFunctionMode", "cpp_extension", "load_inline", "compiled_autograd", "_dynamo", "fx",
})
"""Names that mean "uses autograd" (or switches off what watches it) when the function loads them."""

ESCAPES = frozenset({
    "eval", "exec", "compile", "__import__", "importlib", "getattr", "setattr", "delattr", "globals", "vars",
    "__dict__", "__getattribute__", "__globals__", "__code__", "__builtins__", "builtins", "sys", "modules",
    "os", "subprocess", "multiprocessing", "threading", "_thread", "concurrent", "ctypes", "cffi", "pickle",
    "marshal", "types", "attrgetter", "methodcaller", "_core", "_no_autograd", "AutogradTripwire", "_watching",
    "autograd_names", "call_without_autograd", "_calling", "_frames",
})
"""Names that reach a name computed at run time, another thread or process, native code, or the
watch itself: with them any autograd call could hide from the static check."""

# Bound when the checks are imported (a lab's first cell), before any student code runs: a
# submission that later replaces one of them, or the module anomaly mode reports to, changes nothing.
_set_anomaly = torch._C.set_anomaly_enabled
_is_anomaly = torch._C.is_anomaly_enabled
_is_anomaly_check_nan = torch._C.is_anomaly_check_nan_enabled
_enter_dual_level = torch._C._enter_dual_level
_exit_dual_level = torch._C._exit_dual_level
_make_dual = torch._make_dual
_unpack_dual = torch._unpack_dual
_zeros, _ones = torch.zeros, torch.ones
_extract_stack = traceback.extract_stack
_current_thread = threading.current_thread
_FX_TRACEBACK = "torch.fx.traceback"


class _Finding(Exception):
    """The first forbidden name met: (what, code, line)."""


class _Scan:
    """The static check: walks code objects and the values their global names hold."""

    def __init__(self, root_globals: dict) -> None:
        self.root_globals = root_globals
        self.seen: set[int] = set()

    def _students(self, fn: Any) -> bool:
        return isinstance(fn, types.FunctionType) and (
            fn.__globals__ is self.root_globals or not is_library(fn.__code__.co_filename))

    def _fail(self, what: str, code: types.CodeType | None, line: int | None) -> None:
        raise _Finding(what, code, line)

    def function(self, fn: types.FunctionType) -> None:
        if id(fn) in self.seen:
            return
        self.seen.add(id(fn))
        self.code(fn.__code__, fn.__globals__, fn.__doc__)
        for value in [*(fn.__defaults__ or ()), *(fn.__kwdefaults__ or {}).values(),
                      *(c.cell_contents for c in fn.__closure__ or () if _filled(c))]:
            self.value(value, say(f"a default value or closure of {fn.__name__}",
                                  f"une valeur par défaut ou une fermeture de {fn.__name__}"), fn.__code__, None)

    def code(self, code: types.CodeType, scope: dict, doc: str | None = None) -> None:
        line = code.co_firstlineno
        for ins in dis.get_instructions(code):
            line = _line_of(ins, line)
            if ins.opname in ("LOAD_GLOBAL", "LOAD_NAME"):
                self.global_name(ins.argval, scope, code, line)
            elif ins.opname in ("LOAD_ATTR", "LOAD_METHOD", "STORE_ATTR", "DELETE_ATTR", "IMPORT_NAME",
                                "IMPORT_FROM", "LOAD_SUPER_ATTR"):
                for part in str(ins.argval).split("."):
                    if part in AUTOGRAD or part in ESCAPES:
                        self._fail(f"`{ins.argval}`", code, line)
            elif ins.opname in ("LOAD_CONST", "KW_NAMES", "RETURN_CONST"):
                const = code.co_consts[ins.arg] if ins.opname == "KW_NAMES" else ins.argval
                self.constant(const, scope, code, line, doc)

    def constant(self, const: Any, scope: dict, code: types.CodeType, line: int, doc: str | None) -> None:
        if isinstance(const, types.CodeType):
            self.code(const, scope)
        elif isinstance(const, (tuple, frozenset)):
            for c in const:
                self.constant(c, scope, code, line, doc)
        elif isinstance(const, str) and const != doc and _forbidden_text(const):
            self._fail(say(f"the name {const!r}", f"le nom {const!r}"), code, line)

    def global_name(self, name: str, scope: dict, code: types.CodeType, line: int) -> None:
        missing = object()
        value = scope.get(name, missing)
        if value is missing:
            builtins = scope.get("__builtins__")
            value = builtins.get(name, missing) if isinstance(builtins, dict) else getattr(builtins, name, missing)
        if self._students(value) or _student_class(value, scope):
            self.value(value, f"`{name}`", code, line)
        elif name in AUTOGRAD or name in ESCAPES:
            self._fail(f"`{name}`", code, line)
        elif value is not missing:
            self.value(value, f"`{name}`", code, line)

    def value(self, value: Any, what: str, code: types.CodeType, line: int | None, depth: int = 0) -> None:
        if depth > 3 or id(value) in self.seen:
            return
        if self._students(value):
            self.function(value)
            return
        if isinstance(value, type) and _student_class(value, self.root_globals):
            self.seen.add(id(value))
            for member in vars(value).values():
                member = getattr(member, "__func__", member)
                member = getattr(member, "fget", member)
                if self._students(member):
                    self.function(member)
            return
        if isinstance(value, (dict, list, tuple, set, frozenset)):
            self.seen.add(id(value))
            items = [*value.keys(), *value.values()] if isinstance(value, dict) else list(value)
            for item in items:
                if isinstance(item, str):
                    if _forbidden_text(item):
                        self._fail(say(f"{what}, which holds {item!r}", f"{what}, qui contient {item!r}"), code, line)
                else:
                    self.value(item, what, code, line, depth + 1)
            return
        if isinstance(value, (str, bytes, int, float, complex, bool, type(None), torch.Tensor)):
            return
        if _student_class(type(value), self.root_globals):
            self.value(type(value), what, code, line, depth + 1)
            return
        for inner in (getattr(value, "func", None), getattr(value, "__func__", None), getattr(value, "__self__", None),
                      getattr(value, "__wrapped__", None)):
            if inner is not None and not isinstance(inner, types.ModuleType) and inner is not value:
                self.value(inner, what, code, line, depth + 1)
        if _forbidden_object(value):
            found = _describe(value)
            self._fail(say(f"{what}, which is {found}", f"{what}, qui est {found}"), code, line)


def _line_of(ins: dis.Instruction, line: int) -> int:
    """The source line of ``ins``, else ``line`` (the last one seen): its ``positions`` on Python 3.11+,
    on 3.10 ``starts_line``, which only the first instruction of a line has."""
    positions = getattr(ins, "positions", None)  # Python 3.11+
    if positions is not None:
        return positions.lineno if positions.lineno is not None else line
    return ins.starts_line if ins.starts_line is not None else line


def _filled(cell: Any) -> bool:
    try:
        return cell.cell_contents is not _EMPTY
    except ValueError:  # an empty cell (a closure variable not bound yet)
        return False


_EMPTY = object()


def _student_class(value: Any, scope: dict) -> bool:
    return isinstance(value, type) and value.__module__ == scope.get("__name__") and scope.get(value.__name__) is value


def _forbidden_text(text: str) -> bool:
    """A string that names autograd: "grad", "torch.autograd", "requires_grad"..."""
    parts = text.split(".")
    return all(p.isidentifier() for p in parts) and any(p in AUTOGRAD or p in ESCAPES for p in parts)


def _forbidden_object(value: Any) -> bool:
    """A module, function or object of autograd, or a door to a computed name (a module of ``ESCAPES``)."""
    names = [getattr(value, "__name__", None), getattr(value, "__module__", None), type(value).__name__,
             type(value).__module__]
    return any(isinstance(n, str) and n != "builtins" and _forbidden_text(n) for n in names)


def _describe(value: Any) -> str:
    if isinstance(value, types.ModuleType):
        return say(f"the module {value.__name__}", f"le module {value.__name__}")
    name = getattr(value, "__qualname__", None) or getattr(value, "__name__", None) or type(value).__name__
    return f"{getattr(value, '__module__', None) or type(value).__module__}.{name}"


def autograd_names(fn: Callable) -> str | None:
    """Where ``fn`` (or code of the student's that it reaches) names autograd or a door to it:
    "`torch.autograd` in line 5 (`...`)", or None."""
    scan = _Scan(getattr(fn, "__globals__", {}))
    try:
        scan.value(fn, say("the function", "la fonction"), fn.__code__ if hasattr(fn, "__code__") else None,
                   None)  # type: ignore[arg-type]
    except _Finding as found:
        what, code, line = found.args
        if code is None or line is None:
            return what
        text = linecache.getline(code.co_filename, line).strip()
        quoted = f" (`{text}`)" if text else ""
        if code.co_name in ("<module>", getattr(fn, "__name__", "")):
            return say(f"{what} in line {line}{quoted}", f"{what} à la ligne {line}{quoted}")
        return say(f"{what} in line {line}, in {code.co_name}{quoted}",
                   f"{what} à la ligne {line}, dans {code.co_name}{quoted}")
    return None


# --------------------------------------------------------------------------- at run time
_EVENTS = ("os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "os.forkpty", "subprocess.Popen",
           "ctypes.dlopen")
"""Audit events (see ``sys.addaudithook``) that start a process or load native code."""
_HOOKED = "dllabs.checks.audit_hook"
"""An event of ours: the hook, when installed, answers it (so no flag a cell could set says so)."""
_watching: list[AutogradTripwire] = []
_hook_lock = threading.Lock()
_addaudithook, _raise_audit = sys.addaudithook, sys.audit  # (taken on import: later cells cannot swap them)


def _audit(event: str, args: tuple) -> None:
    if event == _HOOKED:
        args[0].append(_audit)
    elif _watching and event.startswith(_EVENTS):
        _watching[-1].note(say(f"{event} (a process or native code, beyond what the check can watch)",
                               f"{event} (un processus ou du code natif, hors de portée de la vérification)"))
        raise RuntimeError(AutogradTripwire.message())


def install_audit_hook() -> None:
    """Add the audit hook that notes a process started or native code loaded while a tripwire
    watches, unless it is there (Python never removes one): called by :class:`AutogradTripwire`,
    so importing the checks (the zygote does) leaves the process's audit hooks alone."""
    with _hook_lock:
        answers: list = []
        _raise_audit(_HOOKED, answers)
        if _audit not in answers:
            _addaudithook(_audit)


class AutogradTripwire:
    """While active (``with``), notes in ``used`` the first use of autograd by any thread of the
    process: a graph node built (the operation raises), a dual level wanted (forward mode), a
    process started; on exit, also whether anomaly mode or the held dual level were given up."""

    @staticmethod
    def message() -> str:
        """The error raised where autograd is used (in the language of the notebook)."""
        return say("torch.autograd is not allowed in this function (the check watches the whole process)",
                   "torch.autograd est interdit dans cette fonction (la vérification surveille tout le processus)")

    def __init__(self, fn: Callable | None = None) -> None:
        self.used: str | None = None
        code = getattr(fn, "__code__", None)
        self._file = code.co_filename if code is not None else None  # the cell of the function watched

    def note(self, what: str) -> None:
        if self.used is not None:
            return
        self.used = what
        try:  # the line of the student's function that did it, when it is on the stack
            frames = [f for f in _extract_stack()[:-2] if f.filename == self._file and (f.line or "").strip()]
        except Exception:  # noqa: BLE001  (the note is made; the line is a bonus)
            frames = []
        if frames:
            line, text = frames[-1].lineno, frames[-1].line.strip()
            self.used = say(f"{what} (your code, line {line}: `{text}`)",
                            f"{what} (votre code, ligne {line} : `{text}`)")

    def _format_stack(self) -> list[str]:
        """Called by every autograd graph node built while anomaly mode is on (see ``torch.fx.traceback``)."""
        try:
            name = _current_thread().name
            thread = say(f" in thread {name!r}", f" dans le thread {name!r}")
        except Exception:  # noqa: BLE001
            thread = ""
        self.note(say(f"an autograd graph was built{thread}", f"un graphe autograd a été construit{thread}"))
        raise RuntimeError(self.message())

    def __enter__(self) -> AutogradTripwire:
        self._anomaly = _is_anomaly(), _is_anomaly_check_nan()
        self._format = _fx_traceback.format_stack
        self._module = sys.modules.get(_FX_TRACEBACK)
        self._level: int | None = None
        try:
            self._level = _enter_dual_level()
            self._sentinel = _make_dual(_zeros(1, device="cpu"), _ones(1, device="cpu"), level=self._level)
        except RuntimeError:
            self.note(say("forward-mode autograd (a dual level was open before the call)",
                          "autograd en mode direct (un niveau dual était ouvert avant l'appel)"))
        sys.modules[_FX_TRACEBACK] = _fx_traceback  # where anomaly mode looks up format_stack
        _fx_traceback.format_stack = self._format_stack
        _set_anomaly(True, False)
        install_audit_hook()
        _watching.append(self)
        return self

    def __exit__(self, *exc: object) -> None:
        _watching.remove(self)
        if (not _is_anomaly() or _fx_traceback.format_stack != self._format_stack
                or sys.modules.get(_FX_TRACEBACK) is not _fx_traceback):
            self.note(say("anomaly mode, which watches autograd, was switched off",
                          "le mode de détection d'anomalies, qui surveille l'autograd, a été désactivé"))
        _set_anomaly(*self._anomaly)
        _fx_traceback.format_stack = self._format
        if self._module is not None:
            sys.modules[_FX_TRACEBACK] = self._module
        if self._level is not None:
            if _unpack_dual(self._sentinel, level=self._level).tangent is None:
                self.note(say("forward-mode autograd (the check's dual level was closed)",
                              "autograd en mode direct (le niveau dual de la vérification a été fermé)"))
            try:
                _exit_dual_level(level=self._level)
            except RuntimeError:
                self.note(say("forward-mode autograd (a dual level was left open)",
                              "autograd en mode direct (un niveau dual est resté ouvert)"))

    def saw(self, failure: BaseException | None) -> None:
        """Notes a failure of the call that forward-mode AD raises when the dual level is held."""
        if failure is not None and "forward mode AD" in str(failure):  # not shown to students
            self.note(say("forward-mode autograd (torch.func.jvp, jacfwd or forward_ad)",
                          "autograd en mode direct (torch.func.jvp, jacfwd ou forward_ad)"))


def call_without_autograd(name: str, fn: Callable, *args: Any, **kwargs: Any) -> Any:
    """:func:`call`, failing if ``fn`` uses torch.autograd (a lab that asks for gradients by hand),
    by any route: its code (and the student's code it reaches) may not name autograd, and
    while it runs no thread of the process may build an autograd graph (see ``_no_autograd``)."""
    __tracebackhide__ = True
    rule = say(": this lab asks for the gradients computed by hand, with the formulas above, with tensor operations"
               " only; torch.autograd is what they are checked against.",
               ". Ce TP demande les gradients calculés à la main, avec les formules ci-dessus et des opérations sur"
               " les tenseurs seulement ; torch.autograd sert à les vérifier.")
    named = autograd_names(fn)
    if named:
        raise CheckFailed(say(f"{name} used torch.autograd, or a way to reach it out of the check's sight:"
                              f" {named}{rule}",
                              f"{name} utilise torch.autograd (ou un détour qui y mène sans être vu par la"
                              f" vérification) : {named}{rule}"),
                          mistake="uses-autograd")
    tripwire = AutogradTripwire(fn)
    failure: Exception | None = None
    with tripwire:
        try:
            result = call(name, fn, *args, **kwargs)
        except Exception as exc:  # noqa: BLE001  (CheckFailed, or the tripwire's error caught by nothing in between)
            failure = exc
    tripwire.saw(failure)
    if tripwire.used:
        used = tripwire.used
        raise CheckFailed(say(f"{name} used torch.autograd (through {used}){rule}",
                              f"{name} a utilisé torch.autograd (détecté : {used}){rule}"), mistake="uses-autograd")
    if failure is not None:
        raise failure
    return result
