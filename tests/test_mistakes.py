"""The class's mistakes (autograder/records/mistakes.py) from what grading records, without grading: a failed
check names its mistake in one line of its cell's error, the grader keeps that line, and the report counts the
names (the report of each lab's graded example class: test_grading_nbgrader.py)."""

from __future__ import annotations

from collections import Counter

import nbformat

from autograder.course import cells
from autograder.records import mistakes
from autograder.records.mistakes import ClassReport, Function
from dllabs.checks import _outcome
from dllabs.checks._outcome import CheckFailed


def test_the_checks_and_the_grader_agree_on_the_line_that_names_a_mistake():
    assert cells.MISTAKE_PREFIX == _outcome.MISTAKE_PREFIX and mistakes.UNRECOGNISED == _outcome.UNRECOGNISED


def error_output(exc: Exception) -> nbformat.NotebookNode:
    """The error output IPython writes for ``exc`` in a notebook (its ``_render_traceback_``)."""
    return nbformat.v4.new_output("error", ename=type(exc).__name__, evalue=str(exc),
                                  traceback=exc._render_traceback_())


def test_a_failed_check_names_its_mistake_in_its_cells_output():
    named = cells.output_text(error_output(CheckFailed("L is wrong: it is n=8 times too large.", "sum-not-mean")))
    assert named == "CheckFailed: L is wrong: it is n=8 times too large.\nmistake: sum-not-mean"
    assert mistakes.mistake_in(named) == "sum-not-mean"
    assert mistakes.message_of(named) == "L is wrong: it is n=# times too large."
    plain = cells.output_text(error_output(CheckFailed("L is wrong: max error 0.3.")))
    assert mistakes.mistake_in(plain) == "unrecognised" and plain.endswith("\nmistake: unrecognised")
    crash = nbformat.v4.new_output("error", ename="NameError", evalue="name 'forward' is not defined",
                                   traceback=["\x1b[31mNameError\x1b[0m ..."])
    assert cells.output_text(crash) == "NameError: name 'forward' is not defined"
    assert mistakes.mistake_in(cells.output_text(crash)) == "unrecognised"
    assert mistakes.message_of(cells.output_text(crash)) == "name 'forward' is not defined"


def test_a_table_of_known_mistakes_names_each_one():
    from dllabs.checks._compare import expect_tensor
    import torch

    expected = torch.tensor([1.0, 2.0], dtype=torch.float64)
    try:
        expect_tensor("L", 2 * expected, expected, {_outcome.named("twice", "it is twice too large."): 2 * expected})
    except CheckFailed as exc:
        assert exc.mistake == "twice" and str(exc).endswith(": it is twice too large.")
    else:
        raise AssertionError("expect_tensor accepted a wrong value")


def report() -> ClassReport:
    forward = Function("test_forward", 2.0, graded=5, failures={
        "ann": ("softmax-wrong-axis", "outputs['yhat'] is wrong"), "bob": ("no-tanh", "outputs['h'] is wrong"),
        "cat": ("softmax-wrong-axis", "outputs['yhat'] is wrong"), "dan": ("softmax-wrong-axis", "..."),
        "eve": ("unrecognised", "forward raised KeyError: 'X'")})
    sgd = Function("test_sgd", 1.0, graded=5)
    return ClassReport("lab1_backprop", ["ann", "bob", "cat", "dan", "eve"], [forward, sgd],
                       {"q01": Counter({2.0: 3, 0.0: 1, "not graded": 1})})


def test_the_report_ranks_the_named_mistakes_and_counts_what_no_name_covers():
    text = mistakes.text(report())
    assert "forward: 5 of 5 lost its 2 points" in text and "sgd: 0 of 5 lost its 1 point" in text
    lines = text.splitlines()
    first = lines.index("forward: 5 of 5 lost its 2 points")
    assert lines[first + 1:first + 4] == ["     3  softmax-wrong-axis  (e.g. ann, cat)",
                                          "     1  no-tanh  (e.g. bob)",
                                          "     1  unrecognised: forward raised KeyError: 'X'  (e.g. eve)"]
    assert "  q01: 0: 1, 2: 3, not graded: 1" in lines
    assert lines[-1].startswith("Failures no mistake name covers: 1 of 5 (20%)")


def test_the_report_page_has_one_bar_chart_per_function_that_lost_points(tmp_path):
    page = mistakes.html_page(report())
    assert page.count("<img ") == 1 and "data:image/png;base64," in page
    assert "<td>softmax-wrong-axis</td><td>ann, cat</td>" in page and "q01" in page


def test_report_is_a_command_of_the_cli():
    from autograder.__main__ import COMMANDS, parser

    args = parser().parse_args(["report", "lab1_backprop", "--html", "page.html"])
    assert COMMANDS[args.command].__name__ == "report_command" and args.lab == "lab1_backprop"


def test_report_before_grading_says_what_to_do(tmp_path, capsys):
    from autograder.__main__ import main

    assert main(["report", "lab1_backprop", "--course", str(tmp_path)]) == 1
    assert capsys.readouterr().err.strip() == (f"error: no graded submission of lab1_backprop in {tmp_path}:"
                                               " run `python -m autograder grade lab1_backprop` first")
