"""autograder/engine/preflight.py on the course's own source notebooks: which lab a notebook is,
and the repair of a deleted test cell."""

from __future__ import annotations

import copy

from nbformat.v4 import new_notebook

from autograder.engine import preflight
from autograder.course.cells import cells_by_grade_id, grade_id
from autograder.course.layout import lab_names

LABS = lab_names()


def test_is_a_labs_own_notebook_no_problem():
    assert preflight.wrong_lab_problem(preflight.master("lab1_backprop"), "lab1_backprop", LABS) is None


def test_does_another_labs_notebook_name_the_lab_it_is_from():
    problem = preflight.wrong_lab_problem(preflight.master("lab2_autograd"), "lab1_backprop", LABS)
    assert problem == "this is the notebook of lab2_autograd, not lab1_backprop"


def test_is_a_notebook_without_graded_cells_refused():
    problem = preflight.wrong_lab_problem(new_notebook(cells=[]), "lab1_backprop", LABS)
    assert problem == ("no graded cell of lab1_backprop in this notebook (cells pasted into a new notebook lose their"
                       " grading marks): the student must hand in the lab's own notebook")


def test_is_a_deleted_test_cell_put_back_right_after_its_answer():
    ref = preflight.master("lab1_backprop")
    nb = copy.deepcopy(ref)
    nb.cells = [c for c in nb.cells if grade_id(c) != "test_backward"]
    done = preflight.repair(nb, ref)
    assert done == ["put back the deleted test cell test_backward"]
    ids = [grade_id(c) for c in nb.cells]
    assert ids[ids.index("backward") + 1] == "test_backward"
    assert set(cells_by_grade_id(nb)) == set(cells_by_grade_id(ref))


def test_are_answer_cells_that_lost_their_marks_named_in_one_line():
    ref = preflight.master("lab1_backprop")
    assert preflight.lost_answers(copy.deepcopy(ref), ref) is None
    nb = copy.deepcopy(ref)
    for c in nb.cells:
        if grade_id(c) in ("forward", "q01"):
            c.metadata = {}  # pasted into a new cell: the code stays, the marks go
    assert preflight.lost_answers(nb, ref) == ("answer cells without their grading marks (pasted into new cells?): "
                                               "q01, forward; the tests ran on the code as it is, grade q01 by hand"
                                               " from the submitted notebook")
