"""Every lab-1 example submission, graded in this process: right ones pass every test
cell, wrong ones fail the test of the function they break (and only that one), and
name the mistake where their file says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from autograder.submissions import load_all
from notebook_harness import ROOT, graded_cells, run

LAB = "lab1_backprop"
SUBMISSIONS = load_all(ROOT / "tests" / "submissions" / LAB)


@pytest.mark.parametrize("submission", SUBMISSIONS, ids=lambda s: s.name)
def test_submission_scores_as_expected(submission):
    results = run(LAB, submission)
    failed = {gid for gid, (ok, _) in results.items() if not ok}
    assert failed == set(submission.expect), {gid: results[gid][1][-400:] for gid in failed ^ set(submission.expect)}
    if submission.message:
        first = submission.expect[0]
        assert submission.message in results[first][1], results[first][1][-400:]


def test_collection_is_large_and_varied():
    wrong = [s for s in SUBMISSIONS if s.expect and not s.blank]
    right = [s for s in SUBMISSIONS if not s.expect]
    tests = set(graded_cells(LAB)[2])
    assert len(wrong) >= 25 and len(right) >= 8, (len(wrong), len(right))
    assert {t for s in wrong for t in s.expect} == tests, "every test cell must be failed by some wrong submission"
    assert sum(1 for s in wrong if s.message) >= 8
