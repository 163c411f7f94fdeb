#!/usr/bin/env bash
# The course's two commands; each sets up what it needs first (a virtual environment
# with the pinned packages of pyproject.toml's [course] extra, built once and reused).
#
#   ./course.sh demo    build labs/ and solutions/ from source/, autograde a small example
#                       class of lab-1 submissions with nbgrader, print the gradebook
#   ./course.sh test    run the whole test suite (what CI runs)
#   ./course.sh env     only build the environment and print where it is
#
# DLLABS_VENV=/path reuses (or creates) the environment there instead of ~/.cache/dllabs.
set -euo pipefail
cd "$(dirname "$0")"

python=${PYTHON:-python3}
# The pinned course environment (numpy 2.4, and tomllib below) needs Python 3.11; students'
# notebooks (the dllabs package alone) run on 3.10 too.
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "error: the course environment needs Python >= 3.11; $python is $("$python" -V 2>&1 || echo missing) (set PYTHON=python3.11 or newer)" >&2
    exit 1
fi
key=$("$python" - <<'PY'
import hashlib, sys, tomllib
pins = tomllib.load(open("pyproject.toml", "rb"))["project"]["optional-dependencies"]["course"]
print(hashlib.sha256(("\n".join(pins) + sys.version).encode()).hexdigest()[:12])
PY
)
venv=${DLLABS_VENV:-$HOME/.cache/dllabs/venv-$key}

if [ ! -f "$venv/.complete" ]; then
    echo "Setting up the course environment in $venv (once; torch is a few GB)..."
    rm -rf "$venv"
    "$python" -m venv "$venv"
    log="$venv/install.log"
    "$python" -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["optional-dependencies"]["course"]))' >"$venv/requirements.txt"
    if ! { "$venv/bin/python" -m pip install --upgrade pip && "$venv/bin/python" -m pip install -r "$venv/requirements.txt"; } >"$log" 2>&1; then
        echo "error: installing the course packages failed (is the package index reachable?); see $log" >&2
        tail -n 3 "$log" >&2
        exit 1
    fi
    touch "$venv/.complete"
fi

export PATH="$venv/bin:$PATH"
export PYTHONPATH="$PWD/src:$PWD${PYTHONPATH:+:$PYTHONPATH}"
export MPLBACKEND=${MPLBACKEND:-Agg}

case "${1:-}" in
    demo) shift; exec python -m autograder demo "$@" ;;
    test) shift
        if [ $# -eq 0 ]; then
            # The whole suite, two runs side by side: the tests that grade with nbgrader (marker
            # nbgrader: each runs its own processes, about one core's worth, one test at a time), and
            # beside them the tests that run in this process (the example submissions graded in process
            # among them; one thread of torch each, so the two runs share the cores without fighting).
            # The browser tests (about a minute) go with the second: the nbgrader run was the longer.
            # The second run's report is printed when it ends.
            log=$(mktemp)
            OMP_NUM_THREADS=1 python -m pytest -q -m 'not slow and (not nbgrader or browser)' >"$log" 2>&1 &
            inprocess=$!
            graded=0
            python -m pytest -q -m 'not slow and nbgrader and not browser' || graded=$?
            first=0
            wait $inprocess || first=$?
            echo "--- the tests that run in process (beside the nbgrader ones):"
            cat "$log"
            rm -f "$log"
            [ $graded -eq 0 ] || exit $graded
            exit $first
        fi
        exec python -m pytest -q "$@" ;;
    env) echo "$venv" ;;
    *) echo "usage: ./course.sh demo | test | env" >&2; exit 2 ;;
esac
