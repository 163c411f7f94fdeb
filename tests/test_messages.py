"""dllabs.language: every message a student reads from the package exists in English and in French, is
picked when it is shown (never at import), and the edition's set-up cell picks French.

The checks' messages read in French are tested on the labs' example submissions (test_submissions runs
one wrong example of each test cell with the French messages)."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from notebook_harness import ROOT

PACKAGE = ROOT / "src" / "dllabs"
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "language.py" and "recorded" not in p.parts)
PROSE = re.compile(r"[A-Za-z]{2,}[,:;]?\s+[A-Za-z]{2,}")
"""Two words in a row: what a message is made of (names, keys, formats and code have no such pair)."""
ENGLISH = re.compile(r"\b(the|and|with|which|this|that|should|your|when|what|was|has|is|not)\b")
"""English words no French message uses (outside its code spans)."""
CODE = re.compile(r"`[^`]*`|(?:\b\w+|\{[^}]*\})\((?:[^()\s]|, )*\)|\{[^}]*\}")
"""Code spans, placeholders and calls written as code (``add_noise(images, sigma)``): the same in both languages."""
NOT_SHOWN = "# not shown to students"
"""A comment that marks a line's prose as internal (an assertion's note, a key): the scan skips that line."""


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the docstring nodes of a module, its classes and functions."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    for parent in ast.walk(tree):  # module- and class-level strings right after an assignment document it
        body = getattr(parent, "body", None)
        if isinstance(body, list):
            for before, node in zip(body, body[1:]):
                if isinstance(before, ast.Assign | ast.AnnAssign) and isinstance(node, ast.Expr) \
                        and isinstance(node.value, ast.Constant):
                    found.add(id(node.value))
    return found


def _literal_text(node: ast.AST) -> str:
    """The constant text of a string literal (an f-string's fixed parts, '{}' for each of its values)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(_literal_text(v) if isinstance(v, ast.Constant) else "{}" for v in node.values)
    return ""


def _is_say(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "say"


def untranslated(path: Path, base: Path = ROOT) -> list[str]:
    """One line per problem in a module: prose outside a ``say(en, fr)``, or a ``say`` whose French is missing,
    the same as its English, or holds English words."""
    source = path.read_text()
    lines = source.splitlines()
    tree = ast.parse(source)
    skip, problems = _docstrings(tree), []
    inside_say: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):  # an f-string is judged whole, not by its parts
            skip.update(id(v) for v in node.values)
        for keyword in getattr(node, "keywords", []):  # a contract's clauses: the instructors' spec table
            if keyword.arg == "clauses":
                skip.update(id(n) for n in ast.walk(keyword.value))
        if _is_say(node):
            for sub in node.args:
                inside_say.update(id(n) for n in ast.walk(sub))
            en, fr = (node.args + [None, None])[:2]
            where = f"{path.relative_to(base)}:{node.lineno}"
            if len(node.args) != 2 or node.keywords:
                problems.append(f"{where}: say() takes the English and the French, nothing else")
                continue
            fr_text, en_text = CODE.sub(" ", _literal_text(fr)), CODE.sub(" ", _literal_text(en))
            if not fr_text.strip() or fr_text == en_text:
                problems.append(f"{where}: the French of {_literal_text(en)[:50]!r} is missing")
            elif ENGLISH.search(fr_text):
                problems.append(f"{where}: the French holds English ({ENGLISH.search(fr_text)[0]!r}): {fr_text[:60]!r}")
    for node in ast.walk(tree):
        if id(node) in skip or id(node) in inside_say or not isinstance(node, ast.Constant | ast.JoinedStr):
            continue
        if isinstance(node, ast.Constant) and not isinstance(node.value, str):
            continue
        text = _literal_text(node)
        if PROSE.search(CODE.sub(" ", text)) and NOT_SHOWN not in lines[node.lineno - 1] \
                and NOT_SHOWN not in lines[getattr(node, "end_lineno", node.lineno) - 1]:
            problems.append(f"{path.relative_to(base)}:{node.lineno}: not in say(): {text[:70]!r}")
    return sorted(set(problems), key=lambda p: int(p.split(":")[1]))


@pytest.mark.parametrize("module", MODULES, ids=[str(p.relative_to(PACKAGE)) for p in MODULES])
def test_is_every_message_written_in_english_and_french(module):
    """Every string with prose in the student package is inside a ``say(en, fr)`` with a real French text."""
    assert untranslated(module) == []


def test_does_the_scan_find_an_english_only_message_and_a_missing_french(tmp_path):
    """The scan above is no empty check: it flags a message outside ``say``, and a ``say`` without French."""
    module = tmp_path / "probe.py"
    module.write_text('"""A docstring is no message."""\nfrom dllabs.language import say\n\n\n'
                      'def f(x):\n    """Nor is this one."""\n'
                      '    a = say(f"{x} has the wrong shape", f"{x} n\'a pas la bonne forme")\n'
                      '    b = f"{x} was changed in place"\n'
                      '    c = say("it stops too early", "it stops too early")\n'
                      '    d = say("the sum", "the somme")\n'
                      '    e = "an internal note"  ' + NOT_SHOWN + '\n'
                      '    return a, b, c, d, e, "key_name", "torch.float32"\n')
    found = untranslated(module, tmp_path)
    assert [line.split(":")[1] for line in found] == ["8", "9", "10"], found


def test_is_no_message_picked_at_import():
    """The grader's warm kernels import the checks before a notebook sets its language: a message picked at
    import would stay English in a French notebook. Every module of the package is imported with ``say``
    replaced by a recorder: it must record nothing."""
    script = """
import importlib, pkgutil, sys
import dllabs.language as language
picked = []
real = language.say
language.say = lambda en, fr: picked.append(en) or real(en, fr)
import dllabs
for info in pkgutil.walk_packages(dllabs.__path__, "dllabs."):
    if info.name != "dllabs.language":
        importlib.import_module(info.name)
print(len(picked), picked[:3])
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT,
                          env={"PYTHONPATH": f"{ROOT / 'src'}", "PATH": "/usr/bin:/bin", "MPLBACKEND": "Agg"})
    assert done.returncode == 0, done.stderr[-800:]
    assert done.stdout.startswith("0 "), done.stdout


def test_does_set_language_pick_the_message_and_refuse_an_unknown_language():
    from dllabs import language

    try:
        language.set_language("fr")
        assert language.say("yes", "oui") == "oui"
        language.set_language("en")
        assert language.say("yes", "oui") == "yes"
        with pytest.raises(ValueError, match="the languages are en, fr"):
            language.set_language("de")
        assert language.language() == "en"
    finally:
        language.set_language("en")
