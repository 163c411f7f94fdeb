"""autograder/course/tables.py, the one table renderer, and the gradebook table report.table draws with it."""

from __future__ import annotations

import pytest

from autograder.records import report

from autograder.course import tables
from autograder.records.commands import CellScore


def test_are_columns_aligned_left_or_right_as_asked():
    text = tables.render([["student", "score"], ["alice", "10"], ["bo", "7.5"]], align="lr")
    assert text.splitlines() == ["student  score", "alice       10", "bo         7.5"]


def test_does_header_put_a_rule_under_the_first_row_only():
    lines = tables.render([["a", "bb"], ["ccc", "d"], ["e", "f"]], align="ll", header=True).splitlines()
    assert lines[1] == "---  --" and len(lines) == 4 and lines[2].startswith("ccc")


def test_are_trailing_spaces_dropped():
    text = tables.render([["name", "status"], ["x", "ok"], ["y", "ungradable: not JSON"]], align="ll")
    assert all(line == line.rstrip() for line in text.splitlines())
    assert text.splitlines()[1] == "x     ok"


def test_is_an_align_letter_other_than_l_or_r_refused():
    with pytest.raises(ValueError, match="align"):
        tables.render([["a"]], align="c")
    with pytest.raises(ValueError, match="more columns"):
        tables.render([["a", "b"]], align="l")


def test_does_report_table_total_each_student_in_aligned_columns():
    scores = {"bo": {"test_f": CellScore("test_f", 1, 2, ""), "test_g": CellScore("test_g", 3, 3, "")},
              "alice": {"test_f": CellScore("test_f", 2, 2, "")}}
    lines = report.table(scores).splitlines()
    assert lines[0].split() == ["student", "f", "/2", "g", "/3", "total", "/5"]
    assert lines[2].split() == ["alice", "2", "0", "2"] and lines[3].split() == ["bo", "1", "3", "4"]
    assert len({len(line) for line in lines}) == 1  # right-aligned numbers: every line as wide
