"""CapOutputs: each text output of a graded cell is kept to ``max_bytes`` (one line of
20 MB passes nbgrader's line limit), saying how much was cut; huge images are dropped."""

from __future__ import annotations

from nbformat.v4 import new_code_cell, new_notebook, new_output

from autograder.preprocessors import CapOutputs


def run(*outputs, max_bytes: int = 100):
    cell = new_code_cell("print('x')")
    cell.outputs = list(outputs)
    nb, _ = CapOutputs(max_bytes=max_bytes).preprocess(new_notebook(cells=[cell]), {})
    return nb.cells[0].outputs


def test_is_one_long_line_cut_to_max_bytes_with_a_note():
    out, = run(new_output("stream", name="stdout", text="x" * 1000))
    kept, note = out.text.split("\n", 1)
    assert kept == "x" * 100
    assert "900 more bytes of output cut by the grader" in note


def test_is_a_short_output_left_as_it_was():
    out, = run(new_output("stream", name="stdout", text="all good\n"))
    assert out.text == "all good\n"


def test_is_a_multibyte_character_never_split():
    out, = run(new_output("stream", name="stdout", text="é" * 100))  # 200 bytes: the 100th byte splits an é
    kept = out.text.split("\n", 1)[0]
    assert kept == "é" * 50 and len(kept.encode()) == 100


def test_does_an_error_keep_its_last_100_traceback_entries_each_capped():
    error = new_output("error", ename="RecursionError", evalue="e" * 500,
                       traceback=[f"frame {i}" for i in range(300)] + ["y" * 500])
    out, = run(error)
    assert len(out.traceback) == 100 and out.traceback[0] == "frame 201"
    assert out.traceback[-1].startswith("y" * 100 + "\n[... 400 more bytes")
    assert out.evalue.startswith("e" * 100 + "\n[... 400 more bytes")


def test_is_a_huge_image_dropped_and_its_text_kept_capped():
    huge = "A" * (50 * 100 + 1)
    out, = run(new_output("display_data", data={"image/png": huge, "text/plain": "<Figure>" * 1000}))
    assert out.data["image/png"] == ""
    assert out.data["text/plain"].startswith("<Figure>" * 12) and "more bytes of output cut" in out.data["text/plain"]


def test_is_an_image_under_the_limit_kept_whole():
    image = "A" * (50 * 100)
    out, = run(new_output("display_data", data={"image/png": image}))
    assert out.data["image/png"] == image
