"""The integrity probe: the code the grader runs IN the grading kernel to fingerprint what
the tests rely on (see ``integrity.py``, which reads this file as text and sends it).

Inputs: ``nonce`` (a fresh random string), ``modules`` (the dllabs modules to hash:
None on the first call, which imports every check module and returns their names) and
``names`` (those the tests use: each lab's checks, ``summary``, ``ready``, ``torch``; the
grader computes them from the course, ``integrity.bound_names``, as this file imports nothing of it).
Output: ``nonce + "|" + repr((modules, parts))``, ``parts`` mapping each part of the
kernel (IPython's input transformers and error reporting, the course's checks, torch,
Python's builtins) to a short hash, and "the names the tests use" to the names
(``lab1``, ``torch``, ...) the user namespace binds to something else.

It is sent as a ``user_expressions`` entry: this file's text, then
``result = probe(NONCE, MODULES, NAMES)``, executed in a fresh namespace. Everything it needs is
imported inside :func:`probe`, so importing this module elsewhere costs nothing.
"""

from __future__ import annotations

import types
from typing import Any

BINDINGS = "the names the tests use"
SHELL_METHODS = ("run_cell", "run_cell_async", "run_ast_nodes", "run_code", "transform_cell", "transform_ast",
                 "showtraceback", "_showtraceback", "showsyntaxerror", "get_exception_only", "user_expressions",
                 "ev", "ex")
KERNEL_METHODS = ("do_execute", "execute_request", "send_response", "_publish_status")
BUILTINS = ("isinstance", "issubclass", "type", "getattr", "setattr", "hasattr", "len", "abs", "max", "min", "float",
            "int", "bool", "str", "repr", "all", "any", "sum", "round", "range", "zip", "enumerate", "sorted", "dict",
            "list", "tuple", "set", "print", "__import__", "__build_class__", "id", "callable", "iter", "next", "vars",
            "super", "object", "exec", "eval", "compile", "hash", "format")


def _fingerprint(items: list[tuple[str, Any]]) -> str:
    """A hash of the identity of each object, its code and its defaults."""
    import hashlib

    h = hashlib.sha256()
    for name, obj in items:
        code = getattr(obj, "__code__", None)
        h.update(f"{name}:{id(obj)}:{id(code)}:{id(getattr(obj, '__defaults__', None))}:"
                 f"{id(getattr(obj, '__kwdefaults__', None))};".encode())
    return h.hexdigest()[:16]


def _members(namespace: Any, private: bool = True) -> list[tuple[str, Any]]:
    """The callables of a module or class (not submodules), by name."""
    return sorted(((k, v) for k, v in vars(namespace).items()
                   if callable(v) and not isinstance(v, types.ModuleType) and (private or not k.startswith("_"))),
                  key=lambda kv: kv[0])


def _without_dynamo_wrapper(obj: Any, wrapper_code: Any) -> Any:
    """``obj``, or the function it calls when it is torch's own ``_disable_dynamo`` wrapper.

    Importing ``torch._dynamo`` (the first ``torch.optim`` optimizer of a process does) replaces
    ``torch.manual_seed`` with such a wrapper: not a change of the submission's, so the wrapped
    function is fingerprinted instead. It is read from the wrapper's closure (what the wrapper
    really calls), never from ``__wrapped__``, which anyone can set; ``wrapper_code`` is the
    wrapper's code object, taken from torch itself, so another function cannot pass for one."""
    if getattr(obj, "__code__", None) is not wrapper_code or not getattr(obj, "__closure__", None):
        return obj
    cells = dict(zip(obj.__code__.co_freevars, obj.__closure__))
    return cells["fn"].cell_contents if "fn" in cells else obj


def _modules(names: list[str]) -> list[tuple[str, Any]]:
    import sys

    return [(n, sys.modules.get(n)) for n in names] + [(f"{n}.{k}", v) for n in names
                                                       for k, v in _members(sys.modules[n])] + _references(names)


def _references(names: list[str]) -> list[tuple[str, Any]]:
    """Each lab's references as its checks hold them (loaded here, at the kernel's start, before any cell):
    a submission that swapped them for answers of its own would be compared with itself."""
    import sys

    found = []
    for n in names:
        ref = getattr(sys.modules.get(n), "REF", None)
        if ref is not None and callable(getattr(ref, "loaded", None)):
            loaded = ref.loaded()
            found += [(f"{n}.REF", ref), (f"{n}.REF.loaded", loaded),
                      (f"{n}.REF.module", getattr(loaded, "_module", None)), (f"{n}.REF.class", type(loaded))]
    return found


def probe(nonce: str, modules: list[str] | None, names: list[str]) -> str:
    """``nonce|(modules, parts)`` of the kernel this runs in (see the module docstring)."""
    import builtins
    import importlib
    import pkgutil
    import sys

    import torch
    from IPython import get_ipython

    import dllabs.checks
    import dllabs.device

    if modules is None:
        for info in pkgutil.iter_modules(dllabs.checks.__path__):
            importlib.import_module(f"dllabs.checks.{info.name}")
        modules = sorted(n for n in sys.modules if n.startswith("dllabs"))
    shell = get_ipython()
    tensor_base = getattr(torch._C, "TensorBase", None) or torch._C._TensorBase
    make_wrapper = getattr(sys.modules.get("torch._compile"), "_disable_dynamo", None)
    wrapper_code = getattr(make_wrapper(len), "__code__", None) if callable(make_wrapper) else None
    torch_spaces = [("torch", torch, False), ("F", torch.nn.functional, False), ("autograd", torch.autograd, False),
                    ("testing", torch.testing, False), ("Tensor", torch.Tensor, True),
                    ("TensorBase", tensor_base, True)]
    manager = shell.input_transformer_manager
    parts = {
        "IPython's input transformers": _fingerprint(
            [("cleanup", f) for f in shell.input_transformers_cleanup]
            + [("post", f) for f in shell.input_transformers_post]
            + [("ast", f) for f in shell.ast_transformers] + [("manager", manager)]
            + [("line", f) for f in getattr(manager, "line_transforms", [])]
            + [("token", f) for f in getattr(manager, "token_transformers", [])]
            + [("cleanup_transforms", f) for f in getattr(manager, "cleanup_transforms", [])]),
        "IPython's error reporting": _fingerprint(
            [(m, getattr(type(shell), m, None)) for m in SHELL_METHODS] + [(m, m in vars(shell)) for m in SHELL_METHODS]
            + [("custom_exceptions", shell.custom_exceptions), ("CustomTB", getattr(shell, "CustomTB", None))]
            + [(m, getattr(type(shell.kernel), m, None)) for m in KERNEL_METHODS]
            + [(m, m in vars(shell.kernel)) for m in KERNEL_METHODS]
            + [("session.send", type(shell.kernel.session).send),
               ("session.send?", "send" in vars(shell.kernel.session))]),
        "the course's checks (dllabs)": _fingerprint(_modules(modules)),
        "torch": _fingerprint([(n, sys.modules.get(n))
                               for n in ("torch", "torch.nn.functional", "torch.autograd", "torch.testing")]
                              + [("the _disable_dynamo wrapper", wrapper_code)]  # a forged one changes it
                              + [(f"{label}.{k}", _without_dynamo_wrapper(v, wrapper_code))
                                 for label, space, private in torch_spaces for k, v in _members(space, private)]),
        "Python's builtins": _fingerprint([(k, getattr(builtins, k, None)) for k in BUILTINS]),
    }
    checks = sys.modules["dllabs.checks"]
    bad = [name for name in names
           if name in shell.user_ns and shell.user_ns[name] is not
           (sys.modules["torch"] if name == "torch" else getattr(checks, name, None))]
    parts[BINDINGS] = ",".join(bad)
    return nonce + "|" + repr((modules, parts))
