"""The integrity probe (autograder/kernels/integrity_probe.py), sent as text to a real kernel the way
the grader sends it: what it returns, and what it notices."""

from __future__ import annotations

import ast
import os

import pytest
from jupyter_client.manager import start_new_kernel

from autograder.course import env

from autograder.kernels import integrity
from autograder.kernels.integrity_probe import BINDINGS

PARTS = {"IPython's input transformers", "IPython's error reporting", "the course's checks (dllabs)", "torch",
         "Python's builtins", BINDINGS}


@pytest.fixture(scope="module")
def kernel():
    """A kernel (no sandbox) that imports the course's dllabs; stopped after the module."""
    km, kc = start_new_kernel(kernel_name="python3", startup_timeout=120,
                              env=env.with_kernel_pythonpath(dict(os.environ)))
    yield kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def probe(kc, modules=None, nonce=None) -> tuple[str, dict]:
    """(nonce, the execute_reply's content) of the probe sent as a ``user_expressions`` entry."""
    nonce = nonce or integrity.new_nonce()
    msg_id = kc.execute("", silent=True, store_history=False,
                        user_expressions={"dllabs": integrity.expression(nonce, modules)})
    while True:
        msg = kc.get_shell_msg(timeout=120)
        if msg["parent_header"].get("msg_id") == msg_id:
            return nonce, msg["content"]


def run(kc, code: str) -> None:
    reply = kc.execute_interactive(code, timeout=60)
    assert reply["content"]["status"] == "ok", reply["content"]


@pytest.fixture(scope="module")
def baseline(kernel):
    nonce, content = probe(kernel)
    parsed = integrity.parse(content, nonce)
    assert parsed is not None, content
    return parsed


def test_is_the_probe_plain_python_with_its_entry_point():
    tree = ast.parse(integrity.probe_source())
    assert "probe" in {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}


def test_does_it_return_the_nonce_the_modules_and_every_part(kernel, baseline):
    modules, parts = baseline
    assert "dllabs.checks.lab1" in modules and "dllabs.checks" in modules
    assert set(parts) == PARTS and parts[BINDINGS] == ""
    nonce, content = probe(kernel, modules)
    assert integrity.parse(content, nonce) == (modules, parts)  # nothing changed in between
    assert integrity.parse(content, "another nonce") is None  # an answer for another nonce is refused


def test_does_replacing_torch_allclose_change_the_torch_part_only(kernel, baseline):
    modules, parts = baseline
    run(kernel, "import torch\n_saved = torch.allclose\ntorch.allclose = lambda *a, **k: True")
    nonce, content = probe(kernel, modules)
    now = integrity.parse(content, nonce)[1]
    run(kernel, "torch.allclose = _saved")
    assert now["torch"] != parts["torch"]
    assert integrity.changed(parts, now) == ["torch"]
    nonce, content = probe(kernel, modules)
    assert integrity.changed(parts, integrity.parse(content, nonce)[1]) == []  # put back: trusted again


def test_is_rebinding_lab1_in_the_users_namespace_reported(kernel, baseline):
    modules, parts = baseline
    run(kernel, "from dllabs.checks import lab1")  # the course's own module: fine
    nonce, content = probe(kernel, modules)
    assert integrity.parse(content, nonce)[1][BINDINGS] == ""
    run(kernel, "lab1 = type('lab1', (), {'check_backward': staticmethod(lambda *a: None)})")
    nonce, content = probe(kernel, modules)
    now = integrity.parse(content, nonce)[1]
    assert now[BINDINGS] == "lab1"
    assert integrity.changed(parts, now) == ["the names the tests use (lab1 no longer the course's own)"]


def test_is_a_new_labs_checks_name_checked_for_rebinding(kernel, baseline, tmp_path):
    """The names checked come from the course's labs (source/), not a fixed lab0-lab6: a lab 7
    added to the course has its ``lab7`` checked too."""
    from autograder.course.layout import lab_names

    for lab in [*lab_names(), "lab7_attention"]:
        (tmp_path / "source" / lab).mkdir(parents=True)
        (tmp_path / "source" / lab / f"{lab}.ipynb").write_text("{}")
    names = integrity.bound_names(tmp_path)
    assert "lab7" in names and "lab1" in names
    modules, _ = baseline
    run(kernel, "lab7 = type('lab7', (), {})")
    nonce = integrity.new_nonce()
    msg_id = kernel.execute("", silent=True, store_history=False,
                            user_expressions={"dllabs": integrity.expression(nonce, modules, names)})
    while (msg := kernel.get_shell_msg(timeout=120))["parent_header"].get("msg_id") != msg_id:
        pass
    run(kernel, "del lab7")
    assert "lab7" in integrity.parse(msg["content"], nonce)[1][BINDINGS].split(",")


def test_does_torch_optim_importing_dynamo_change_nothing_while_a_forged_wrapper_does(kernel, baseline):
    """The first optimizer of a process imports torch._dynamo, which wraps torch.manual_seed:
    not tampering. A wrapper made the same way around another function, or one that only
    claims (``__wrapped__``) to wrap the original, is."""
    modules, parts = baseline
    run(kernel, "import sys\nfrom dllabs.checks import lab1\n"
                "assert 'torch._dynamo' not in sys.modules  # (the baseline did not import it)")
    run(kernel, "import torch\n_seed = torch.manual_seed\n"
                "torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)\n"
                "assert 'torch._dynamo' in sys.modules and torch.manual_seed is not _seed")
    nonce, content = probe(kernel, modules)
    assert integrity.changed(parts, integrity.parse(content, nonce)[1]) == []
    forged = {"another function wrapped by torch": "torch.manual_seed = torch._disable_dynamo(lambda seed: None)",
              "a wrapper that claims the original": "import functools\n"
              "torch.manual_seed = functools.wraps(_seed)(lambda seed: None)"}
    for why, code in forged.items():
        run(kernel, "_dynamo_seed = torch.manual_seed\n" + code)
        nonce, content = probe(kernel, modules)
        run(kernel, "torch.manual_seed = _dynamo_seed")
        assert integrity.changed(parts, integrity.parse(content, nonce)[1]) == ["torch"], why
