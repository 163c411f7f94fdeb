"""autograder/course/cells.py: which cell is which, on a small hand-built notebook with every kind
of cell a lab has, and on odd metadata a student's notebook may carry."""

from __future__ import annotations

from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from autograder.course import cells


def graded(cell, **meta):
    cell.metadata.nbgrader = {"schema_version": 3, **meta}
    return cell


NB = new_notebook(cells=[
    new_markdown_cell("# Lab"),
    graded(new_code_cell("def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION"),
           solution=True, grade=False, grade_id="f"),
    graded(new_code_cell("check_f(f)\n### BEGIN HIDDEN TESTS\nassert f() == 1\nassert f() > 0\n### END HIDDEN TESTS\n"),
           solution=False, grade=True, locked=True, points=2, grade_id="test_f"),
    graded(new_markdown_cell("Because."), solution=True, grade=True, points=1, grade_id="q01"),
    graded(new_markdown_cell("Read this."), solution=False, grade=False, locked=True, grade_id="intro"),
    new_code_cell("x = 1"),
])
KINDS = {"test": cells.is_test_cell, "answer": cells.is_answer_cell, "manual": cells.is_manual_cell}


def kinds(cell) -> list[str]:
    return [name for name, is_kind in KINDS.items() if is_kind(cell)]


def test_is_each_cell_exactly_the_kind_its_metadata_says():
    assert [kinds(c) for c in NB.cells] == [[], ["answer"], ["test"], ["manual"], [], []]


def test_does_grade_id_read_the_metadata_and_none_without_it():
    assert [cells.grade_id(c) for c in NB.cells] == [None, "f", "test_f", "q01", "intro", None]


def test_is_metadata_that_is_not_a_dict_treated_as_none():
    odd = new_code_cell("x = 1")
    odd.metadata["nbgrader"] = "grade: true"  # a hand-edited notebook
    assert cells.nbgrader_meta(odd) == {} and cells.grade_id(odd) is None and kinds(odd) == []


def test_does_cells_by_grade_id_index_every_tracked_cell():
    by_id = cells.cells_by_grade_id(NB)
    assert list(by_id) == ["f", "test_f", "q01", "intro"] and by_id["test_f"] is NB.cells[2]


def test_are_hidden_tests_read_without_their_markers():
    assert cells.hidden_tests(NB.cells[2].source) == ["assert f() == 1\nassert f() > 0\n"]
    assert cells.hidden_tests(NB.cells[1].source) == []


def test_does_the_solution_marker_match_only_whole_marker_lines():
    lines = NB.cells[1].source.split("\n")
    assert [bool(cells.SOLUTION_MARKER.match(line)) for line in lines] == [False, True, False, True]
    assert not cells.SOLUTION_MARKER.match("x = 1  # ### BEGIN SOLUTION")
