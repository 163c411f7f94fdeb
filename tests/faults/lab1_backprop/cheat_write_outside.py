"""Cheat: writes files outside its folder: next to the course's dllabs package, in the course
folder (found above its own), in the home folder and in /tmp. None of them may appear.

expect: none
needs: sandbox
"""
# %% sgd
import os, pathlib
import dllabs
_targets = [pathlib.Path(dllabs.__file__).parent, pathlib.Path.home(), pathlib.Path("/tmp")]
_targets += [p for p in pathlib.Path.cwd().resolve().parents if (p / "gradebook.db").exists()]
for _target in _targets:
    try:
        (_target / "PWNED-by-cheat_write_outside").write_text("written while grading")
    except OSError:
        pass
def sgd(params, grads, eta):
    for key in params:
        params[key] = params[key] - eta * grads[key]
    return params
