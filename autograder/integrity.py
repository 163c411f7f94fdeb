"""Did a submission tamper with the grading? A fingerprint of what the tests rely on.

A test cell runs in the same kernel as the student's code, so that code could change
what the test uses: replace a check (``lab1.check_backward = ...``, a fake module in
``sys.modules``), patch torch (``torch.allclose = ...``) or builtins, or change how
IPython reports errors (an input transformer that wraps later cells in ``try``, an
overridden ``showtraceback``). The grader takes a fingerprint of all of these when the
kernel starts, before any cell, and again before and after every graded test cell;
a test cell run while any part differs scores 0, with a message naming the part.

The fingerprint is computed in the kernel by code the grader sends each time (as a
``user_expressions`` entry, which IPython evaluates without its input transformers),
salted with a fresh nonce. Code running in the same process could still defeat this
with enough effort; the sandbox (``sandbox.py``) bounds what it could reach.
"""

from __future__ import annotations

import secrets

PROBE = r'''
import builtins, hashlib, importlib, pkgutil, sys, types
from IPython import get_ipython

def _fingerprint(items):
    h = hashlib.sha256()
    for name, obj in items:
        code = getattr(obj, "__code__", None)
        h.update(f"{name}:{id(obj)}:{id(code)}:{id(getattr(obj, '__defaults__', None))}:"
                 f"{id(getattr(obj, '__kwdefaults__', None))};".encode())
    return h.hexdigest()[:16]

def _members(namespace, private=True):
    return sorted(((k, v) for k, v in vars(namespace).items()
                   if callable(v) and not isinstance(v, types.ModuleType) and (private or not k.startswith("_"))),
                  key=lambda kv: kv[0])

def _modules(names):
    return [(n, sys.modules.get(n)) for n in names] + [(f"{n}.{k}", v) for n in names for k, v in _members(sys.modules[n])]

import torch, dllabs.checks, dllabs.device
if MODULES is None:
    try:  # the first backward imports it, and it wraps torch.manual_seed: before the baseline
        import torch._dynamo
    except ImportError:
        pass
    for info in pkgutil.iter_modules(dllabs.checks.__path__):
        importlib.import_module(f"dllabs.checks.{info.name}")
    MODULES = sorted(n for n in sys.modules if n.startswith("dllabs"))
shell = get_ipython()
methods = ("run_cell", "run_cell_async", "run_ast_nodes", "run_code", "transform_cell", "transform_ast",
           "showtraceback", "_showtraceback", "showsyntaxerror", "get_exception_only", "user_expressions", "ev", "ex")
kernel_methods = ("do_execute", "execute_request", "send_response", "_publish_status")
tensor_base = getattr(torch._C, "TensorBase", None) or getattr(torch._C, "_TensorBase")
torch_spaces = [("torch", torch, False), ("F", torch.nn.functional, False), ("autograd", torch.autograd, False),
                ("testing", torch.testing, False), ("Tensor", torch.Tensor, True), ("TensorBase", tensor_base, True)]
parts = {
    "IPython's input transformers": _fingerprint(
        [("cleanup", f) for f in shell.input_transformers_cleanup] + [("post", f) for f in shell.input_transformers_post]
        + [("ast", f) for f in shell.ast_transformers] + [("manager", shell.input_transformer_manager)]
        + [("line", f) for f in getattr(shell.input_transformer_manager, "line_transforms", [])]
        + [("token", f) for f in getattr(shell.input_transformer_manager, "token_transformers", [])]
        + [("cleanup_transforms", f) for f in getattr(shell.input_transformer_manager, "cleanup_transforms", [])]),
    "IPython's error reporting": _fingerprint(
        [(m, getattr(type(shell), m, None)) for m in methods] + [(m, m in vars(shell)) for m in methods]
        + [("custom_exceptions", shell.custom_exceptions), ("CustomTB", getattr(shell, "CustomTB", None))]
        + [(m, getattr(type(shell.kernel), m, None)) for m in kernel_methods]
        + [(m, m in vars(shell.kernel)) for m in kernel_methods]
        + [("session.send", type(shell.kernel.session).send), ("session.send?", "send" in vars(shell.kernel.session))]),
    "the course's checks (dllabs)": _fingerprint(_modules(MODULES)),
    "torch": _fingerprint([(n, sys.modules.get(n)) for n in ("torch", "torch.nn.functional", "torch.autograd", "torch.testing")]
                          + [(f"{label}.{k}", v) for label, space, private in torch_spaces
                             for k, v in _members(space, private)]),
    "Python's builtins": _fingerprint([(k, getattr(builtins, k, None)) for k in (
        "isinstance", "issubclass", "type", "getattr", "setattr", "hasattr", "len", "abs", "max", "min", "float",
        "int", "bool", "str", "repr", "all", "any", "sum", "round", "range", "zip", "enumerate", "sorted", "dict",
        "list", "tuple", "set", "print", "__import__", "__build_class__", "id", "callable", "iter", "next", "vars",
        "super", "object", "exec", "eval", "compile", "hash", "format")]),
}
checks = sys.modules["dllabs.checks"]
bad = [name for name in [f"lab{i}" for i in range(0, 7)] + ["summary", "ready", "torch"]
       if name in shell.user_ns and shell.user_ns[name] is not
       (sys.modules["torch"] if name == "torch" else getattr(checks, name, None))]
parts["the names the tests use"] = ",".join(bad)
result = NONCE + "|" + repr((MODULES, parts))
'''

BINDINGS = "the names the tests use"


def expression(nonce: str, modules: list[str] | None) -> str:
    """The ``user_expressions`` entry that returns ``nonce|(modules, parts)`` from the kernel."""
    code = f"NONCE = {nonce!r}\nMODULES = {modules!r}\n" + PROBE
    return f"(lambda g: (exec({code!r}, g), g['result'])[1])({{}})"


def new_nonce() -> str:
    return secrets.token_hex(8)


def parse(reply: dict, nonce: str) -> tuple[list[str], dict[str, str]] | None:
    """(modules, parts) from an execute_reply's content, or None when it is missing or forged."""
    import ast

    if reply.get("status") != "ok":
        return None
    value = reply.get("user_expressions", {}).get("dllabs", {})
    if value.get("status") != "ok":
        return None
    text = value.get("data", {}).get("text/plain", "")
    try:
        text = ast.literal_eval(text)
        head, _, body = text.partition("|")
        if head != nonce:
            return None
        modules, parts = ast.literal_eval(body)
    except (ValueError, SyntaxError, TypeError):
        return None
    return modules, parts


def changed(baseline: dict[str, str], now: dict[str, str] | None) -> list[str]:
    """What differs from the baseline (empty when nothing does)."""
    if now is None:
        return ["the kernel's answer to the grader's integrity check (it was missing or altered)"]
    problems = [part for part, value in baseline.items() if part != BINDINGS and now.get(part) != value]
    if now.get(BINDINGS):
        problems.append(f"the names the tests use ({now[BINDINGS]} no longer the course's own)")
    return problems
