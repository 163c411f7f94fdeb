"""Cheat: finds the gradebook above its folder and rewrites every test cell there to `pass`
(nbgrader restores test cells from it), so this and later submissions pass every test.

expect: test_backward
needs: sandbox
"""
# %% backward
import pathlib, sqlite3
for _root in pathlib.Path.cwd().resolve().parents:
    if (_root / "gradebook.db").exists():
        try:
            with sqlite3.connect(_root / "gradebook.db", timeout=30) as _db:
                _db.execute("UPDATE source_cell SET source = 'pass' WHERE name LIKE 'test_%'")
        except Exception:
            pass
def backward(params, outputs, Y):
    return {k: torch.zeros_like(v) for k, v in params.items()}
