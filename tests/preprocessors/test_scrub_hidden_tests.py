"""ScrubHiddenTests: the lines a failing test's traceback quotes lose any hidden test code
(and the markers), before the feedback is written; visible lines stay."""

from __future__ import annotations

from nbformat.v4 import new_code_cell, new_notebook, new_output

from autograder.preprocessors import ScrubHiddenTests

SOURCE = """\
lab1.check_backward(backward)
### BEGIN HIDDEN TESTS
# canary: dllabs-canary-hidden-test-8b27d4
assert secret_gradient(n=7) < 1e-6, "hidden: wrong for n=7"
### END HIDDEN TESTS
"""
# What IPython prints for a failure in that cell (colours included).
TRACEBACK = [
    "\x1b[0;31mAssertionError\x1b[0m                            Traceback (most recent call last)",
    ("Cell \x1b[0;32mIn[12], line 4\x1b[0m\n"
     "\x1b[1;32m      1\x1b[0m lab1\x1b[38;5;241m.\x1b[39mcheck_backward(backward)\n"
     "\x1b[1;32m      2\x1b[0m ### BEGIN HIDDEN TESTS\n"
     "\x1b[0;32m----> 4\x1b[0m assert secret_gradient(n=7) < 1e-6, \"hidden: wrong for n=7\"\n"
     "\x1b[1;32m      5\x1b[0m ### END HIDDEN TESTS"),
    "\x1b[0;31mAssertionError\x1b[0m: hidden: wrong for n=7",
]


def scrubbed(source: str, traceback: list[str]) -> list[str]:
    cell = new_code_cell(source)
    cell.outputs = [new_output("error", ename="AssertionError", evalue="hidden: wrong for n=7", traceback=traceback)]
    nb, _ = ScrubHiddenTests().preprocess(new_notebook(cells=[cell]), {})
    return nb.cells[0].outputs[0].traceback


def test_are_quoted_hidden_lines_and_markers_removed_from_the_traceback():
    text = "\n".join(scrubbed(SOURCE, TRACEBACK))
    assert "secret_gradient" not in text and "HIDDEN TESTS" not in text


def test_do_the_visible_lines_and_the_error_stay():
    out = scrubbed(SOURCE, TRACEBACK)
    assert len(out) == 3
    assert "check_backward" in out[1] and out[2] == TRACEBACK[2]


def test_is_a_cell_without_hidden_tests_left_alone():
    source = 'assert secret_gradient(n=7) < 1e-6, "hidden: wrong for n=7"\n'
    assert scrubbed(source, TRACEBACK) == TRACEBACK
