"""Every lab's example submissions, graded in this process (fast; the nbgrader tests grade
the same ones end to end): right ones pass every test cell, wrong ones fail exactly the
test cells their file names, showing the message their file quotes."""

from __future__ import annotations

import re

import pytest

from autograder.course.submissions import load_all
from notebook_harness import ROOT, graded_cells, run

FOLDER = ROOT / "tests" / "submissions"
LABS = sorted(p.name for p in FOLDER.iterdir() if p.is_dir())
# (wrong, right, wrong ones naming their mistake) at least, per lab.
MINIMUM = {"lab0_perceptron": (15, 5, 8), "lab1_backprop": (25, 8, 8), "lab5_mnist": (10, 4, 4),
           "lab6_cifar10": (10, 4, 4)}
CASES = [(lab, s) for lab in LABS for s in load_all(FOLDER / lab)]
ENGLISH = re.compile(r"\b(the|and|with|which|this|that|should|your|when|what|was|has|is|not)\b")
"""English words no French message uses."""


def in_french(lab: str, submission) -> bool:
    """Whether an example is graded once more with the French messages: for each test cell the first wrong example
    that fails it (so every test cell's failure is read in French), and lab 0's and lab 1's solutions (their ✓
    lines; the other labs' ✓ lines have their French checked by tests/test_messages' scan)."""
    if submission.name == "solution":  # (every cell: labs 0 and 1, the French edition's first two labs)
        return lab in ("lab0_perceptron", "lab1_backprop")
    wrong = [s for case_lab, s in CASES if case_lab == lab and s.expect and not s.blank]
    return any(next(s for s in wrong if cell in s.expect) is submission for cell in submission.expect)


def mistake_of(output: str) -> str | None:
    """The mistake a failing test cell's output names (its last line), or None."""
    return output.rpartition("\nmistake: ")[2] if "\nmistake: " in output else None


def english_left(french: str, english: str) -> list[str]:
    """The English words of a French output, once the text it shares with the English output (a quoted error
    of torch, a formula, a name: 12 characters or more in a row) is taken out."""
    import difflib

    blocks = difflib.SequenceMatcher(None, french, english, autojunk=False).get_matching_blocks()
    kept, start = [], 0
    for block in blocks:
        if block.size >= 12:
            kept.append(french[start:block.a])
            start = block.a + block.size
    kept.append(french[start:])
    return ENGLISH.findall(" ".join(kept))


def cells_to_run(lab: str, submission, index: int) -> set[str] | None:
    """The test cells graded for an example: every one for the solution, the blank, the right examples and one
    wrong example in four; for the other wrong ones, the test cells of the functions they change and those they
    expect to fail (each function is graded alone: the others' cells run the solution's code, as in the
    solution's case). The nbgrader tests and `python -m autograder selftest` grade whole notebooks."""
    if not submission.expect or submission.blank or index % 4 == 0:
        return None
    tests = graded_cells(lab)[2]
    return {t for t in tests for name in submission.cells if t == f"test_{name}" or t.startswith(f"test_{name}_")} \
        | set(submission.expect)


@pytest.mark.parametrize("lab, submission", CASES, ids=[f"{lab}-{s.name}" for lab, s in CASES])
def test_submission_scores_as_expected(lab, submission):
    results = run(lab, submission, cells_to_run(lab, submission, CASES.index((lab, submission))))
    failed = {gid for gid, (ok, _) in results.items() if not ok}
    assert failed == set(submission.expect), {gid: results[gid][1][-400:] for gid in failed ^ set(submission.expect)}
    if submission.message:
        first = submission.expect[0]
        assert submission.message in results[first][1], results[first][1][-400:]
    if submission.meta.get("mistake"):  # the name its check gives the mistake (what `report` counts)
        assert results[submission.expect[0]][1].endswith(f"\nmistake: {submission.meta['mistake']}"), \
            results[submission.expect[0]][1][-400:]
    if in_french(lab, submission):  # the same cells, their messages in French: same verdicts, same mistakes
        french = run(lab, submission, set(submission.expect) or set(results), lang="fr")
        for gid, (ok, output) in french.items():
            english = results[gid][1]
            assert ok == results[gid][0], (gid, output[-400:])
            assert mistake_of(output) == mistake_of(english), (gid, output)
            assert (output != english or not output.strip()) and english_left(output, english) == [], \
                (gid, english_left(output, english), output[-600:])


@pytest.mark.parametrize("lab", LABS)
def test_collection_is_large_and_varied(lab):
    subs = load_all(FOLDER / lab)
    wrong = [s for s in subs if s.expect and not s.blank]
    right = [s for s in subs if not s.expect]
    need_wrong, need_right, need_named = MINIMUM.get(lab, (12, 5, 5))
    assert len(wrong) >= need_wrong and len(right) >= need_right, (len(wrong), len(right))
    covered = {t for s in wrong for t in s.expect}
    assert covered == set(graded_cells(lab)[2]), "every test cell must be failed by some wrong submission"
    assert sum(1 for s in wrong if s.message) >= need_named
    names = [s.meta["mistake"] for s in wrong if "mistake" in s.meta]  # lower-case words joined by hyphens
    assert names and [n for n in names if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", n)] == []
    assert any(s.name == "solution" for s in subs) and any(s.blank for s in subs)
