"""The *Expected* figures a notebook states, as machine-readable tags next to each claim.

In a markdown cell, right after the claim it backs::

    The test accuracy ends near 97-99%. <!-- expected: history["test_acc"][-1] in [0.97, 0.99] -->
    About 92% on real MNIST. <!-- expected-elsewhere: the course's own figures on real MNIST -->

``expected: EXPR in [LO, HI]``: EXPR is evaluated in the notebook's namespace once every
cell ran (full mode, one kernel); the figure holds when LO <= value <= HI.
``expected-elsewhere: WHERE``: a figure this machine cannot measure, and where it comes from.
``benchmarks/expected_figures.py`` executes the solution notebooks and checks the tags.
"""

from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograder.course.env import full_mode_kernel_env

# EXPR is greedy, so the last " in [LO, HI]" of the tag is the range (EXPR may hold brackets).
EXPECTED = re.compile(r"<!--\s*expected:\s*(?P<expr>.+)\s+in\s+"
                      r"\[\s*(?P<lo>[^\[\],]+?)\s*,\s*(?P<hi>[^\[\],]+?)\s*\]\s*-->")
ELSEWHERE = re.compile(r"<!--\s*expected-elsewhere:\s*(?P<where>.+?)\s*-->")
ANY_TAG = re.compile(r"<!--\s*expected(?:-elsewhere)?\s*:.*?-->", re.S)
COMMENT = re.compile(r"<!--.*?-->", re.S)


class TagError(ValueError):
    """A tag that does not follow the format; the message says where and why."""


@dataclass(frozen=True)
class Tag:
    """One tag: ``expr`` in [``lo``, ``hi``] (kind "expected") or ``where`` (kind "elsewhere").

    ``claim`` is the clause the tag stands for, in plain text (``claim_of``); ``cell`` the index
    of its markdown cell in the notebook.
    """

    kind: str
    claim: str
    cell: int
    expr: str = ""
    lo: float = math.nan
    hi: float = math.nan
    where: str = ""

    def holds(self, value: float) -> bool:
        """Whether a measured value lies in the stated range (bounds included)."""
        return self.lo <= value <= self.hi

    @property
    def stated(self) -> str:
        return f"[{self.lo:g}, {self.hi:g}]"


def _plain(markdown: str) -> str:
    """Markdown to one line of plain text: comments, emphasis, math dollars and backticks removed."""
    text = COMMENT.sub(" ", markdown)
    text = re.sub(r"\\(?:text|mathrm|mathbf|operatorname)\{([^}]*)\}", r"\1", re.sub(r"\\[,;! ]", " ", text))  # LaTeX
    text = re.sub(r"[*`${}]|<[^>]+>|\\(?=[A-Za-z])", "", text)  # emphasis, code, math, braces, tags, LaTeX backslashes
    return " ".join(text.split())


STOPWORDS = {"history", "final", "float", "item", "max", "min", "mean", "len", "abs", "numpy", "torch", "tensor",
             "round", "int", "sum"}
NUMBER = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)(\s?%)?")


def _figures_in_range(text: str, lo: float, hi: float) -> list[int]:
    """Where ``text`` states a number within [lo, hi]: for a fraction range, a percentage
    (97% = 0.97) or a decimal; otherwise a plain number."""
    found = []
    for m in NUMBER.finditer(text):
        value, percent = float(m.group(1)), bool(m.group(2))
        if 0 <= lo and hi <= 1:
            value = value / 100 if percent else (value if "." in m.group(1) else math.nan)
        elif percent:
            continue
        if lo <= value <= hi:
            found.append(m.start())
    return found


def claim_of(source: str, position: int, expr: str = "", lo: float = math.nan, hi: float = math.nan,
             width: int = 70) -> str:
    """The clause of a markdown cell that a tag at ``position`` stands for, in plain text, shortened.

    The paragraph before the tag (from the end of an earlier tag when text stands between
    them, else with the tags stacked above it left out; the text after the tag when it opens
    its paragraph) is cut into clauses at ". ", "; ", ": ", ", "; the clause that states
    numbers within the tag's range (97% for 0.97; 2 points each, up to two) and names EXPR's
    words (1 point each) wins, the one nearest the tag on a tie. A clause under 25 characters
    takes the one before it too. A long one is cut to ``width`` around its first such number
    (or word).
    """
    before = source[:position]
    since = before[before.rfind("-->") + 3:] if "-->" in before else ""
    # an inline tag before: not across it
    before = since if _plain(since.split("\n\n")[-1]) else COMMENT.sub("", before).rstrip()
    text = _plain(before.split("\n\n")[-1]) or _plain(COMMENT.sub("", source[position:]).strip().split("\n\n")[0])
    parts = [p for p in re.split(r"(?<=[.;:,!?])\s+", text) if p]
    if not parts:
        return ""
    words = [w for w in (w.lower() for w in re.findall(r"[A-Za-z]+", expr)) if len(w) >= 3 and w not in STOPWORDS]
    words += {(1.0, 1.0): ["true"], (0.0, 0.0): ["false"]}.get((lo, hi), [])  # a boolean figure

    def score(i: int) -> tuple[int, int]:
        low = parts[i].lower()
        return 2 * min(len(_figures_in_range(parts[i], lo, hi)), 2) + sum(w in low for w in words), i

    best = max(range(len(parts)), key=score)
    claim, first = parts[best], best
    while first > 0 and len(claim) < 25:
        first -= 1
        claim = parts[first] + " " + claim
    claim = claim.rstrip(" ;:,")
    if len(claim) <= width:
        return claim
    low, own = claim.lower(), max(0, len(claim) - len(parts[best]))  # the winning clause ends the claim
    anchors = ([i for i in _figures_in_range(claim, lo, hi) if i >= own]
               or [i for w in words if (i := low.find(w, own)) >= 0] or [len(claim)])
    start = max(0, min(min(anchors) - 25, len(claim) - (width - 6)))
    window = claim[start:start + width - 6]
    if start > 0:
        window = "..." + (window.split(" ", 1)[1] if " " in window else window)
    if start + width - 6 < len(claim):
        window = (window.rsplit(" ", 1)[0] if " " in window else window) + "..."
    return window


def parse_number(text: str, tag: str) -> float:
    try:
        return float(text.replace("_", ""))
    except ValueError:
        raise TagError(f"{tag}: {text!r} is not a number (write the range as [LO, HI] with plain numbers)") from None


def parse_cell(source: str, cell: int = 0) -> list[Tag]:
    """Every tag of one markdown cell's source, in order; TagError for a malformed one."""
    tags = []
    for found in ANY_TAG.finditer(source):
        text = found.group(0)
        if m := ELSEWHERE.fullmatch(text):
            tags.append(Tag(kind="elsewhere", claim=claim_of(source, found.start()), cell=cell, where=m.group("where")))
        elif m := EXPECTED.fullmatch(text):
            lo, hi, expr = parse_number(m.group("lo"), text), parse_number(m.group("hi"), text), m.group("expr").strip()
            if not lo <= hi:
                raise TagError(f"cell {cell}: {text}: the range is empty (LO > HI)")
            tags.append(Tag(kind="expected", claim=claim_of(source, found.start(), expr, lo, hi), cell=cell,
                            expr=expr, lo=lo, hi=hi))
        else:
            raise TagError(f"cell {cell}: {text!r} does not read `<!-- expected: EXPR in [LO, HI] -->` "
                           "or `<!-- expected-elsewhere: WHERE -->` (on one line)")
    return tags


def notebook_tags(nb: nbformat.NotebookNode) -> list[Tag]:
    """Every tag of a notebook's markdown cells, in cell order."""
    return [tag for i, c in enumerate(nb.cells) if c.cell_type == "markdown" for tag in parse_cell(c.source, i)]



# ----------------------------------------------------------------- measuring, in a kernel
DATASETS = {"MNIST": re.compile(r"\bmnist\("), "CIFAR-10": re.compile(r"\bcifar10\(")}
MARK = "@@dllabs-expected-figures@@"
PROBE = """\
import json as _dllabs_json
_dllabs_values = []
for _dllabs_expr in {exprs!r}:
    try:
        _dllabs_values.append([True, float(eval(_dllabs_expr))])
    except Exception as _dllabs_err:
        _dllabs_values.append([False, f"{{type(_dllabs_err).__name__}}: {{_dllabs_err}}"])
print({mark!r} + _dllabs_json.dumps(_dllabs_values))
"""


@dataclass
class Figure:
    """A tag and what came of it: ``status`` is OK, OUT, ERR (EXPR could not be evaluated),
    SKIP (EXPR failed and the notebook needs a data set that is not staged), NOT RUN (the
    notebook failed) or ELSEWHERE."""

    tag: Tag
    status: str
    value: float | None = None
    note: str = ""

    @property
    def failed(self) -> bool:
        return self.status in ("OUT", "ERR", "NOT RUN")


@dataclass
class Run:
    """One notebook's figures, whether and where it failed (one line), and its wall time."""

    figures: list[Figure]
    error: str = ""
    seconds: float = 0.0


def datasets_needed(nb: nbformat.NotebookNode) -> list[str]:
    """The data sets a notebook loads (``mnist(...)``, ``cifar10(...)`` in its code cells)."""
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    return [name for name, call in DATASETS.items() if call.search(code)]


def _one_line(text: str) -> str:
    text = re.sub(r"\x1b\[[0-9;]*m", "", str(text))
    return (text.strip().splitlines() or [""])[0][:200]


def measure(path: Path, timeout: float | None = 1800, missing_data: frozenset[str] = frozenset()) -> Run:
    """Execute the notebook at ``path`` in one kernel (full mode), then evaluate its tags there.

    ``timeout``: seconds a cell may run. ``missing_data``: data sets not staged on this
    machine; a tag that cannot be evaluated in a notebook needing one of them is SKIP.
    A cell that fails stops the run: ``Run.error`` says which cell and which error.
    """
    import time

    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    nb = nbformat.read(path, as_version=4)
    tags = notebook_tags(nb)
    measured = [t for t in tags if t.kind == "expected"]
    absent = [d for d in datasets_needed(nb) if d in missing_data]
    # a copy of the notebook's folder: what it writes stays there
    workdir = Path(tempfile.mkdtemp(prefix="dllabs-figures-"))
    shutil.copytree(path.parent, workdir / path.parent.name)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=False,
                            resources={"metadata": {"path": str(workdir / path.parent.name)}})
    start, error, values = time.monotonic(), "", None
    try:
        with client.setup_kernel(env=full_mode_kernel_env(), stderr=subprocess.DEVNULL):  # the kernel's own log lines
            for i, cell in enumerate(nb.cells):
                if cell.cell_type != "code":
                    continue
                first = next((line.strip() for line in cell.source.splitlines() if line.strip()), "")
                where = f"cell {i} ({cell.get('id', '?')}: `{first[:50]}`)"
                try:
                    client.execute_cell(cell, i)
                except CellExecutionError as exc:
                    error = f"{where} raised {exc.ename}: {_one_line(exc.evalue)}"
                except CellTimeoutError:
                    error = f"{where} ran past the timeout of {timeout} s"
                except DeadKernelError as exc:
                    error = f"{where} killed the kernel ({_one_line(exc)})"
                if error:
                    break
            if not error and measured:
                probe = nbformat.v4.new_code_cell(PROBE.format(exprs=[t.expr for t in measured], mark=MARK))
                nb.cells.append(probe)
                client.execute_cell(probe, len(nb.cells) - 1)
                text = "".join(o.get("text", "") for o in probe.outputs if o.get("output_type") == "stream")
                if MARK in text:
                    values = json.loads(text.split(MARK, 1)[1])
                else:
                    error = f"the figures could not be read back from the kernel ({_one_line(text) or 'no output'})"
    except Exception as exc:  # the kernel did not start, or died between cells: one line
        error = error or f"the kernel failed: {type(exc).__name__}: {_one_line(exc)}"
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    seconds = time.monotonic() - start
    figures, answers = [], iter(values or [])
    for tag in tags:
        if tag.kind == "elsewhere":
            figures.append(Figure(tag, "ELSEWHERE", note=tag.where))
        elif values is None:
            figures.append(Figure(tag, "NOT RUN", note="the notebook failed"))
        else:
            ok, value = next(answers)
            if ok:
                figures.append(Figure(tag, "OK" if tag.holds(value) else "OUT", value=value))
            elif absent:
                figures.append(Figure(tag, "SKIP", note=f"needs {', '.join(absent)} (not staged here)"))
            else:
                figures.append(Figure(tag, "ERR", note=value))
    return Run(figures, error, seconds)
