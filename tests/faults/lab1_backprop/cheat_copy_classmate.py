"""Cheat: while grading, copies backward from a classmate's notebook (submitted/, autograded/),
taking one whose graded test of backward showed no error when there is one.

expect: test_backward
needs: sandbox
"""
# %% backward
import json, pathlib
def backward(params, outputs, Y):
    raise NotImplementedError("no classmate found")
def _backward_of(path):
    cells = json.loads(path.read_text())["cells"]
    code = ["".join(c["source"]) for c in cells if "".join(c["source"]).startswith("def backward")]
    tested = [c for c in cells if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "test_backward"]
    ok = bool(tested) and not any(o.get("output_type") == "error" for o in tested[0].get("outputs", []))
    return (code[0] if code and "NotImplementedError" not in code[0] else None), ok
_best = None
for _root in pathlib.Path.cwd().resolve().parents:
    for _path in sorted(_root.glob("*/*/lab1_backprop/*.ipynb")):
        if pathlib.Path.cwd().resolve() in _path.resolve().parents:
            continue
        try:
            _code, _ok = _backward_of(_path)
        except Exception:
            continue
        if _code and (_best is None or _ok):
            _best = _code
if _best:
    exec(_best)
