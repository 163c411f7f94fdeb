#!/usr/bin/env bash
# A GPU grading host, checked in a few minutes (run it on a machine with an NVIDIA GPU):
#   1. every lab's solution and a few wrong example submissions graded by `python -m autograder grade`
#      inside the sandbox (DLLABS_SANDBOX=on by default), the scores as their files say, and the
#      checks run on CUDA (their messages name the device: "... on cuda");
#   2. the solutions' cells timed in full mode (not grading mode): the training cells' seconds.
# Data: $DLLABS_DATA when it is set (real MNIST / CIFAR-10), else tiny files in the real formats.
#
#   bash benchmarks/gpu_check.sh            (from the course's environment: ./course.sh env)
#
# Without a usable NVIDIA GPU it stops at once with one line and exit status 2.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python}
if ! command -v nvidia-smi >/dev/null 2>&1 || ! nvidia-smi -L >/dev/null 2>&1; then
    echo "gpu_check: no NVIDIA GPU here (nvidia-smi is missing or lists no device): nothing checked" >&2
    exit 2
fi
if ! "$python" -c 'import sys, torch; sys.exit(not torch.cuda.is_available())' >/dev/null 2>&1; then
    echo "gpu_check: nvidia-smi sees a GPU but torch cannot use it (torch.cuda.is_available() is False): nothing checked" >&2
    exit 2
fi
export PYTHONPATH="$PWD/src:$PWD:$PWD/tests${PYTHONPATH:+:$PYTHONPATH}" MPLBACKEND=Agg
export DLLABS_SANDBOX=${DLLABS_SANDBOX:-on}
nvidia-smi -L
exec "$python" - "$@" <<'PY'
import os, subprocess, sys, tempfile, time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from autograder.records import commands

from autograder.course import submissions
from autograder.course.layout import LABS, ROOT, SOLUTIONS, lab_names

WRONG_PER_LAB = 2
problems, t_start = [], time.perf_counter()
with tempfile.TemporaryDirectory() as tmp:
    course = Path(tmp) / "course"
    env = dict(os.environ)
    if not env.get("DLLABS_DATA"):
        from tiny_datasets import write_tiny_cifar10, write_tiny_mnist
        data, site = Path(tmp) / "data", Path(tmp) / "site"
        write_tiny_mnist(data, n_train=256, n_test=64)
        write_tiny_cifar10(data, n_per_batch=64)
        site.mkdir()
        (site / "sitecustomize.py").write_text("import torchvision.datasets.cifar as c\n"
                                               "c.CIFAR10._check_integrity = lambda self: True\n")
        env.update(DLLABS_DATA=str(data), DLLABS_KERNEL_PYTHONPATH=str(site),
                   PYTHONPATH=os.pathsep.join([str(site), env["PYTHONPATH"]]))
        print(f"data: tiny MNIST / CIFAR-10 files in {data} (set DLLABS_DATA for the real ones)")
    print("\n== 1. grading on the GPU, in the sandbox ==")
    for lab in lab_names():
        subs = submissions.load_all(ROOT / "tests" / "submissions" / lab)
        picked = [s for s in subs if s.name == "solution"] + [s for s in subs if s.expect and not s.blank][:WRONG_PER_LAB]
        for sub in picked:
            nb = submissions.make_notebook(LABS / lab / f"{lab}.ipynb", SOLUTIONS / lab / f"{lab}.ipynb", sub)
            commands.submit(course, lab, sub.name, nb)
        t = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "autograder", "grade", lab, "--course", str(course), "--jobs", "2"],
                              cwd=ROOT, env=env, capture_output=True, text=True)
        print(done.stdout.strip())
        if done.returncode != 0:
            problems.append(f"{lab}: grade failed: {done.stderr.strip()[-300:]}")
            continue
        print(f"{lab}: graded {len(picked)} submissions in {time.perf_counter() - t:.1f} s")
        for sub in picked:
            cells = commands.cell_scores(course, lab, sub.name)
            lost = {g for g, c in cells.items() if c.score < c.max_score}
            if not cells or lost != set(sub.expect):
                problems.append(f"{lab}/{sub.name}: lost points on {sorted(lost)}, expected {sorted(sub.expect)}")
        text = "\n".join(c.output for c in commands.cell_scores(course, lab, "solution").values())
        named = [line for line in text.splitlines() if line.startswith("\u2713") and (" on cuda" in line or " on cpu" in line)]
        if not named or any(" on cpu" in line for line in named):
            problems.append(f"{lab}: the checks did not run on CUDA: {[l for l in named if ' on cpu' in l][:2] or 'no device named'}")
        else:
            print(f"{lab}: {len(named)} check messages, all on cuda")
    print("\n== 2. the solutions in full mode (not grading mode): cells over 1 s ==")
    for lab in lab_names():
        nb = nbformat.read(SOLUTIONS / lab / f"{lab}.ipynb", as_version=4)
        run_env = {k: v for k, v in env.items() if k != "NBGRADER_EXECUTION"}
        client = NotebookClient(nb, timeout=3600, kernel_name="python3", allow_errors=True,
                                resources={"metadata": {"path": tmp}})
        os.environ.clear(); os.environ.update(run_env)  # the kernel inherits it
        t = time.perf_counter()
        seconds = []
        with client.setup_kernel():
            for i, cell in enumerate(nb.cells):
                if cell.cell_type != "code":
                    continue
                t_cell = time.perf_counter()
                client.execute_cell(cell, i)
                seconds.append((time.perf_counter() - t_cell, i, cell.source.splitlines()[0][:60] if cell.source else ""))
        errors = [f"{o.ename}: {o.evalue}"[:150] for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
        print(f"{lab}: {time.perf_counter() - t:.1f} s in full mode" + (f", ERRORS: {errors[:2]}" if errors else ""))
        for s, i, first in sorted(seconds, reverse=True):
            if s > 1:
                print(f"    cell {i:3d}: {s:7.1f} s  {first}")
        if errors:
            problems.append(f"{lab}: full-mode run raised {errors[0]}")
print(f"\ngpu_check: {time.perf_counter() - t_start:.0f} s, " + ("all good" if not problems else f"{len(problems)} problems"))
for p in problems:
    print(f"FAIL {p}")
sys.exit(1 if problems else 0)
PY
