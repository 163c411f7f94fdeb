"""Cheat: while grading, copies backward from the instructor's master notebook (source/),
found next to the course's dllabs package or above the submission's folder.

expect: test_backward
needs: sandbox
"""
# %% backward
import json, pathlib
import dllabs
def backward(params, outputs, Y):
    raise NotImplementedError("no master notebook found")
for _root in [pathlib.Path(dllabs.__file__).resolve().parents[2], *pathlib.Path.cwd().resolve().parents]:
    for _path in _root.glob("source/lab1_backprop/*.ipynb"):
        try:
            for _cell in json.loads(_path.read_text())["cells"]:
                if "".join(_cell["source"]).startswith("def backward"):
                    exec("".join(_cell["source"]))
        except Exception:
            pass
