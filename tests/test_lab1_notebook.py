"""Lab 1's source notebook follows the contract of LABS.md: graded cells and their
tests by grade_id, theory questions q01-q17 as manually graded answers, starred ones marked."""

from __future__ import annotations

from notebook_harness import source_cells

LAB = "lab1_backprop"


def cells():
    return source_cells(LAB)


def test_training_is_short_in_grading_mode_and_ends_with_the_summary():
    cs = cells()
    assert any("grading_mode()" in c.source and "epochs" in c.source for c in cs)
    assert "summary(globals(), lab1.VISIBLE)" in cs[-1].source
