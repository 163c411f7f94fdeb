"""A failing visible test, as a student and as nbgrader see it, in a real kernel: one red line
and no error while a student works (so "Run All" reaches the summary); an error whose
traceback is the message alone when nbgrader runs the notebook (autograde, validate)."""

from __future__ import annotations

import os

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from autograder.course.cells import is_test_cell
from autograder.course.layout import LABS, lab_names
from autograder.preprocessors.colab_header import SETUP_ID

WRONG_SGD = "def sgd(params, grads, eta):\n    return {k: p + eta * grads[k] for k, p in params.items()}\n"
RAISING_SGD = "def sgd(params, grads, eta):\n    x = 1\n    return {k: p @ p @ p for k, p in params.items()}\n"


def notebook(answer: str) -> nbformat.NotebookNode:
    cells = ["from dllabs.checks import lab1, summary", answer, "lab1.check_sgd(sgd)", "print('reached the end')"]
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])


def execute(nb: nbformat.NotebookNode, grading: str | None) -> nbformat.NotebookNode:
    env = {k: v for k, v in os.environ.items() if k != "NBGRADER_EXECUTION"}
    if grading:
        env["NBGRADER_EXECUTION"] = grading
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return nb


def text(cell: nbformat.NotebookNode) -> str:
    return "".join(o.get("text", "") for o in cell.outputs)


def test_a_student_sees_one_line_and_the_notebook_goes_on():
    nb = execute(notebook(WRONG_SGD), grading=None)
    test_cell, last = nb.cells[2], nb.cells[3]
    assert [o.output_type for o in test_cell.outputs] == ["stream"]
    assert test_cell.outputs[0].name == "stdout"  # no pink stderr box
    assert "\u2717 sgd:" in text(test_cell) and "uphill" in text(test_cell)
    assert "reached the end" in text(last)


@pytest.mark.parametrize("mode", ["autograde", "validate"])
def test_nbgrader_sees_an_error_whose_traceback_is_the_message_alone(mode):
    with pytest.raises(CellExecutionError):
        execute(nb := notebook(WRONG_SGD), grading=mode)
    errors = [o for o in nb.cells[2].outputs if o.output_type == "error"]
    assert len(errors) == 1 and errors[0].ename == "CheckFailed"
    assert len(errors[0].traceback) == 2 and "uphill" in errors[0].traceback[0]
    assert errors[0].traceback[1] == "mistake: uphill"  # the line the class's report counts (autograder report)
    assert "dllabs/checks/" not in "".join(errors[0].traceback)  # no frame of the checks' own source
    assert not nb.cells[3].get("outputs")


def test_a_student_whose_code_raises_sees_their_own_line():
    nb = execute(notebook(RAISING_SGD), grading=None)
    out = text(nb.cells[2])
    assert "sgd" in out and "raised RuntimeError" in out
    assert "your code, line 3: `return {k: p @ p @ p for k, p in params.items()}`" in out
    assert "reached the end" in text(nb.cells[3])


def test_summary_still_counts_a_failing_check_as_failed():
    nb = notebook(WRONG_SGD)
    source = "r = summary(globals(), {'sgd': lab1.VISIBLE['sgd']})\nprint(r['sgd'] != 'ok')"
    nb.cells.append(nbformat.v4.new_code_cell(source))
    out = text(execute(nb, grading=None).cells[4])
    assert "Visible tests passed: 0/1" in out and out.strip().endswith("True")


def test_a_check_leaves_the_students_random_state_as_it_was():
    import torch

    from dllabs.checks import lab1

    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    lab1.check_init_params(lambda nx, nh, ny, device=None, dtype=torch.float32: {
        "Wh": 0.3 * torch.randn(nh, nx, device=device, dtype=dtype), "bh": torch.zeros(nh, device=device, dtype=dtype),
        "Wy": 0.3 * torch.randn(ny, nh, device=device, dtype=dtype), "by": torch.zeros(ny, device=device, dtype=dtype)})
    assert torch.equal(torch.rand(3), expected)


def test_ready_skips_a_cell_with_one_line_until_the_function_passes(capsys, monkeypatch):
    from dllabs.checks import lab1, ready

    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    namespace: dict = {}
    exec(WRONG_SGD, namespace)  # noqa: S102  (a student's cell)
    assert ready(namespace, lab1.VISIBLE, "sgd") is False
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and out.startswith("Skipped until sgd passes its test") and "uphill" in out
    assert ready({}, lab1.VISIBLE, "sgd") is False and "sgd is not defined" in capsys.readouterr().out
    right = "def sgd(params, grads, eta):\n    return {k: p - eta * grads[k] for k, p in params.items()}\n"
    exec(right, namespace)  # noqa: S102
    assert ready(namespace, lab1.VISIBLE, "sgd") is True
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert ready({}, lab1.VISIBLE, "sgd") is True  # nbgrader runs the (short) cell whatever the answers


def test_the_summary_checks_nothing_again_while_grading(monkeypatch, capsys):
    """Under nbgrader the test cells have just run every check: the summary says so in one
    line instead of running them all a second time (0.3 s of every lab-6 submission)."""
    from dllabs.checks import summary

    ran = []
    checks = {"f": lambda fn: ran.append(fn)}
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert summary({"f": print}, checks) == {} and ran == []
    assert capsys.readouterr().out == "No summary while grading: the test cells above are what count.\n"
    monkeypatch.delenv("NBGRADER_EXECUTION")
    assert summary({"f": print}, checks) == {"f": "ok"} and ran == [print]


def test_a_device_test_the_meta_device_cannot_run_is_no_failure():
    import torch

    from dllabs.checks import CheckFailed, lab1
    from dllabs.checks._outcome import MetaUnsupported

    def sgd(params, grads, eta):  # right, but boolean masks have no 'meta' kernel
        return {k: torch.where(grads[k] != 0, p - eta * grads[k], p)[torch.ones_like(p, dtype=torch.bool)].view_as(p)
                for k, p in params.items()}

    lab1.check_sgd(sgd)
    lab1.check_sgd(sgd, device="meta")  # passes: the meta test cannot judge it
    with pytest.raises(MetaUnsupported):
        lab1.check_sgd.__wrapped__(sgd, device="meta")  # (what the bare check meets)
    with pytest.raises(CheckFailed, match="not implemented yet"):
        lab1.check_sgd(lambda params, grads, eta: (_ for _ in ()).throw(NotImplementedError()))


@pytest.mark.parametrize("lab", [pytest.param(lab, marks=pytest.mark.slow) if lab == "lab7_sequences" else lab
                                 for lab in lab_names()])
def test_run_all_on_a_fresh_lab_reaches_the_summary_without_an_error(lab):
    """What a student sees on opening a lab and pressing Run All: every test cell says what is
    not done yet, every cell that needs a function waits for it, the summary counts 0. (Lab 7's
    run, 30 s of its recall experiment's training in a student's mode, is under ``-m slow``: CI's
    12 minutes; its notebook's cells are run in grading mode by test_lab7_notebook.)"""
    nb = nbformat.read(LABS / lab / f"{lab}.ipynb", as_version=4)
    nb.cells = [c for c in nb.cells if c.get("id") != SETUP_ID]  # (Colab's set-up cell does nothing here)
    execute(nb, grading=None)
    errors = [(c.get("id"), o.get("ename"), o.get("text", "")[:200]) for c in nb.cells if c.cell_type == "code"
              for o in c.get("outputs", []) if o.output_type == "error" or o.get("name") == "stderr"]
    assert errors == []
    tests = [c for c in nb.cells if is_test_cell(c)]
    assert tests and all("not implemented yet" in text(c) for c in tests)
    assert f"Visible tests passed: 0/{len(tests)}" in text(nb.cells[-1])


AUTOGRAD_BACKWARD = """def backward(params, outputs, Y):
    leaves = {k: v.detach().clone() for k, v in params.items()}
    L = sum((v ** 2).sum() for v in leaves.values())
    return dict(zip(leaves, torch.autograd.grad(L, list(leaves.values()))))
"""


def test_the_no_autograd_rule_names_the_students_line_in_a_kernel():
    cells = ["import torch\nfrom dllabs.checks import lab1", AUTOGRAD_BACKWARD, "lab1.check_backward(backward)"]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    out = text(execute(nb, grading=None).cells[2])
    assert "backward used torch.autograd" in out
    assert "line 4 (`return dict(zip(leaves, torch.autograd.grad(L, list(leaves.values()))))`)" in out


def test_the_no_autograd_tripwire_sees_other_threads_and_leaves_the_process_as_it_was():
    """Run-time layer alone (code compiled under torch's own file name, out of the static check's
    sight): autograd in another thread is caught; a right function passes; nothing stays switched on."""
    import threading

    import torch
    import torch.fx.traceback

    from dllabs.checks import CheckFailed
    from dllabs.checks._no_autograd import call_without_autograd

    scope = {"torch": torch, "threading": threading}
    exec(compile("def cheat(x):\n    out = []\n    def work():\n        w = x.clone().requires_grad_()\n"  # noqa: S102
                 "        try:\n            out.append(torch.autograd.grad((w ** 2).sum(), w)[0])\n"
                 "        except RuntimeError:\n            pass\n"
                 "    t = threading.Thread(target=work)\n    t.start()\n    t.join()\n    return out[0] if out"
                 " else 2 * x\n",
                 torch.__file__, "exec"), scope)
    format_stack = torch.fx.traceback.format_stack
    x = torch.randn(3, dtype=torch.float64)
    assert torch.equal(call_without_autograd("right", lambda x: 2 * x, x), 2 * x)
    hidden = scope["cheat"]
    with pytest.raises(CheckFailed, match="an autograd graph was built in thread 'Thread"):
        call_without_autograd("cheat", lambda x: hidden(x), x)
    assert not torch.is_anomaly_enabled() and torch.fx.traceback.format_stack is format_stack
    level = torch._C._enter_dual_level()  # the check gave its forward-mode level back
    torch._C._exit_dual_level(level=level)
    assert level == 0


def test_does_importing_the_checks_leave_audit_hooks_alone_until_a_tripwire_asks():
    """``import dllabs.checks`` (the zygote does) adds no process-wide audit hook; the tripwire's
    explicit ``install_audit_hook`` does. Sentinel: ``sys.audit("os.system", ...)`` raised (no
    process is started) while a tripwire is watching, which only the hook turns into an error."""
    import subprocess
    import sys

    script = """if True:
        import sys
        import dllabs.checks
        from dllabs.checks import _no_autograd as m
        m._watching.append(m.AutogradTripwire())  # watching, without entering (entering installs it)
        def reacts():
            try:
                sys.audit("os.system", b"sentinel")
            except RuntimeError:
                return True
            return False
        print(reacts())
        m.install_audit_hook()
        m.install_audit_hook()  # once: a second call adds nothing
        print(reacts())
        answers = []
        sys.audit(m._HOOKED, answers)
        print(len(answers))
    """
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert done.stdout.split() == ["False", "True", "1"], done.stderr[-2000:]
