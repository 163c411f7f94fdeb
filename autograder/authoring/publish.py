"""Write the student release: what students get, made from the course, holding no answer.

The course repository is the instructor's (source/, solutions/, the grader, the references,
the example submissions). ``python -m autograder publish DEST [--labs lab0,lab1]`` writes into
DEST, a git repository the instructor pushes to the student repository (``[tool.dllabs]
repository``):

    DEST/README.md              the student README: set-up, the labs with their Colab badges, handing in
    DEST/pyproject.toml         the student package ``dllabs`` (what Colab's set-up cell installs)
    DEST/src/dllabs/            the student package, and the recorded answers of the published labs'
                                visible tests (checks/recorded/<lab>.pt: data, see references/record.py)
    DEST/labs/<lab>/<lab>.ipynb the student notebooks (nbgrader generate_assignment), in the course's language
    DEST/fr/labs/<lab>/<lab>.ipynb  another edition, beside it (``[tool.dllabs] editions``, or ``--editions``),
                                with its README.fr.md; the notebook's name is the same, so either is graded as one lab
    DEST/LICENSE, CREDITS.md    the course's licence and the credits of the material the labs draw on

Publishing again updates DEST in place (labs published earlier stay), commits, and prints what
changed. A lab whose given cells hold another lab's solution is refused until that lab is due
(``release.release_blockers``; ``--force`` overrides). Before anything is written, the release is
searched for answers (:func:`text_leaks`): a release that holds one is refused.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from datetime import datetime, timezone
from pathlib import Path

import nbformat

from autograder.authoring import release
from autograder.authoring.build import generate_labs
from autograder.course.cells import grade_id, is_answer_cell, is_manual_cell
from autograder.course.editions import LANGUAGES, edition, edition_folder
from autograder.course.cells import solutions as solutions_of
from autograder.course.layout import CANARY_HIDDEN, CANARY_SOLUTION, ROOT, checks_module, lab_names, settings
from autograder.preprocessors.colab_header import badge_markdown

INSTRUCTOR_ONLY = ("autograder", "source", "solutions", "tests", "benchmarks", "references")
"""Names of folders that never appear in a release (the grader, the masters, the examples)."""
MARKERS = ("BEGIN HIDDEN TESTS", "BEGIN SOLUTION", "dllabs_model_answer", CANARY_HIDDEN, CANARY_SOLUTION)


class PublishError(Exception):
    """The release cannot be written; the message says why and what to do."""


def record_answers(labs: list[str], out: Path, root: Path = ROOT) -> list[subprocess.Popen]:
    """Start recording ``out/<labN>.pt`` for each lab that has references (what they answer to the visible
    tests): one process per core, on the CPU, each recording its share of the labs. Returns the processes:
    :func:`finish_recording` waits for them."""
    env = {**os.environ, "CUDA_VISIBLE_DEVICES": "", "OMP_NUM_THREADS": "1",
           "PYTHONPATH": os.pathsep.join([str(root / "src"), str(root)])}
    todo = [lab for lab in labs if (root / "autograder" / "references" / f"{checks_module(lab)}.py").exists()]
    shares = [todo[i::os.cpu_count() or 1] for i in range(os.cpu_count() or 1)]
    return [subprocess.Popen([sys.executable, "-m", "autograder.references.record",
                              *(arg for lab in share for arg in (lab, str(out / f"{checks_module(lab)}.pt")))],
                             cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            for share in shares if share]


def finish_recording(processes: list[subprocess.Popen]) -> None:
    """Wait for :func:`record_answers`' processes; a failure raises :class:`PublishError` (its last line)."""
    failures = []
    for process in processes:
        _, err = process.communicate()
        if process.returncode:
            failures.append((err.strip().splitlines() or ["(no message)"])[-1])
    if failures:
        raise PublishError(f"recording the visible tests' answers failed: {failures[0]}")


GRADING_ONLY = ("hypothesis",)
"""Dependencies of the course that only grading needs (the hidden tests' problem generator)."""


def student_pyproject(root: Path = ROOT) -> str:
    """The student distribution's pyproject.toml: the course's name-free dependencies and ``lab`` extra."""
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    deps = "".join(f'    "{d}",\n' for d in project["dependencies"] if not d.startswith(GRADING_ONLY))
    lab = "".join(f'    "{d}",\n' for d in project.get("optional-dependencies", {}).get("lab", []))
    return (f'# Written by the course\'s `publish`: edit the course, then publish again.\n'
            f'[build-system]\nrequires = ["setuptools>=68"]\nbuild-backend = "setuptools.build_meta"\n\n'
            f'[project]\nname = "dllabs"\nversion = "{project["version"]}"\n'
            f'description = "The deep-learning labs: data, plots, device and self-checks for the lab notebooks."\n'
            f'readme = "README.md"\nrequires-python = "{project["requires-python"]}"\n'
            f'dependencies = [\n{deps}]\n\n[project.optional-dependencies]\nlab = [\n{lab}]\n\n'
            f'[tool.setuptools.packages.find]\nwhere = ["src"]\n\n'
            f'[tool.setuptools.package-data]\n"dllabs.checks" = ["recorded/*.pt"]\n')


def _first_heading(notebook: Path) -> str:
    """The notebook's title (its first ``# `` heading); its name when it has none, or is not in this edition."""
    if not notebook.exists():
        return notebook.stem
    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return notebook.stem


def readme_name(lang: str, main: str) -> str:
    """The student README of an edition: README.md for the course's language, README.<lang>.md beside it."""
    return "README.md" if lang == main else f"README.{lang}.md"


def student_readme(labs: list[str], stage: Path, root: Path = ROOT, lang: str | None = None,
                   editions: tuple[str, ...] | None = None) -> str:
    """The student README in ``lang`` (default: the course's language): what the labs are, how to open one
    (Colab or locally: a badge per published edition), how to hand in. ``stage`` is the release's folder."""
    conf = settings(root)
    lang, editions = lang or conf.language, editions or conf.editions
    rows = []
    for lab in labs:
        folder = edition_folder("labs", lang, conf.language)
        due = conf.due.get(lab)
        badges = " ".join(f"{LANGUAGE_NAMES[other] if len(editions) > 1 else ''} " + badge_markdown(
            f"{conf.colab_base}/{edition_folder('labs', other, conf.language)}/{lab}/{lab}.ipynb", other)
            for other in editions).strip()
        heading = _first_heading(stage / folder / lab / f"{lab}.ipynb")
        rows.append(f"| `{lab}` | {heading} | {release.when(due) if due else ''} | {badges} |")
    table = "\n".join(rows)
    others = " · ".join(f"[{LANGUAGE_NAMES[other]}]({readme_name(other, conf.language)})"
                        for other in editions if other != lang)
    text = (STUDENT_README_FR if lang == "fr" else STUDENT_README).format(
        table=table, clone=conf.repository.rstrip('/') + ".git",
        notebook=f"{edition_folder('labs', lang, conf.language)}/lab0_perceptron/lab0_perceptron.ipynb",
        folder=edition_folder("labs", lang, conf.language))
    return text.replace("\n\n", f"\n\n{others}\n\n", 1) if others else text


LANGUAGE_NAMES = {"en": "English", "fr": "Français"}
"""Each edition's name, in its own language (the README's links and badges)."""

STUDENT_README = """# Deep-learning labs

PyTorch lab notebooks: you complete the functions, the tests under each one tell you at once
what is right and what is wrong, and your notebook is graded when you hand it in.

| lab | what you build | due | open |
|---|---|---|---|
{table}

## Working on Colab
Click the lab's badge, then **Copy to Drive** (your changes are kept there). The first code cell
installs this package (Colab's own PyTorch is kept); *Runtime > Change runtime type > GPU* makes
training faster, but every lab runs on the CPU too.

## Working on your own machine
With Python 3.10 or newer:

```bash
git clone {clone} dllabs && cd dllabs
pip install -e ".[lab]"
jupyter lab {notebook}
```

## Doing a lab
Run the cells from the top and fill in every cell that says `YOUR CODE HERE` (or `YOUR ANSWER HERE`
for the questions), keeping the function names. The test cell under each function says what is wrong
(which key, which shape, how far from `torch.autograd`, often which classic mistake it looks like) or
shows a green tick. These tests are not the only ones: the grader also tries other sizes, `float32` and
`float64`, and other devices, so write code that follows its inputs' device and dtype. A test that
needs the grader's own answers says so in one line and runs when your notebook is graded.
The last cell sums up which functions pass.

## Handing in
Hand in the notebook file (`.ipynb`) on the course's page, before the due date above:
- on Colab: *File > Download > Download .ipynb*, then upload that file;
- locally: upload `{folder}/<lab>/<lab>.ipynb` as you saved it.

Keep the lab's own notebook: cells copied into a new notebook lose the marks the grader needs.
A link to a Drive file is not a hand-in.

## Licence and credits
The code is under the MIT licence and the notebooks' text and figures under CC BY-SA 4.0 (`LICENSE`).
The labs draw on existing course material: `CREDITS.md` names each source and what each lab takes from it.
"""


STUDENT_README_FR = """# TP d'apprentissage profond

Des notebooks de TP en PyTorch\u00a0: vous complétez les fonctions, les tests placés sous chacune vous disent
aussitôt ce qui est juste et ce qui ne l'est pas, et votre notebook est noté quand vous le rendez.

| TP | ce que vous construisez | à rendre le | ouvrir |
|---|---|---|---|
{table}

## Travailler sur Colab
Cliquez sur le badge du TP, puis sur **Copier dans Drive** (vos modifications y sont gardées). La première
cellule de code installe ce paquet (le PyTorch de Colab est conservé) et met les messages des tests en
français\u00a0; *Exécution > Modifier le type d'exécution > GPU* accélère l'entraînement, mais chaque TP tourne
aussi sur le CPU.

## Travailler sur votre machine
Avec Python 3.10 ou plus récent\u00a0:

```bash
git clone {clone} dllabs && cd dllabs
pip install -e ".[lab]"
jupyter lab {notebook}
```

## Faire un TP
Exécutez les cellules depuis le début et remplissez chaque cellule marquée `YOUR CODE HERE` (ou
`YOUR ANSWER HERE` pour les questions), en gardant les noms des fonctions. La cellule de test sous chaque
fonction dit ce qui ne va pas (quelle clé, quelle forme, quel écart avec `torch.autograd`, souvent quelle erreur
classique cela évoque) ou affiche une coche verte. Ces tests ne sont pas les seuls\u00a0: le correcteur essaie aussi
d'autres tailles, `float32` et `float64`, et d'autres devices\u00a0; écrivez donc du code qui suit le device et le
dtype de ses entrées. Un test qui a besoin des réponses du correcteur le dit en une ligne, et s'exécute quand
votre notebook est noté. La dernière cellule récapitule les fonctions qui passent leurs tests.

## Rendre votre travail
Rendez le fichier du notebook (`.ipynb`) sur la page du cours, avant la date indiquée ci-dessus\u00a0:
- sur Colab\u00a0: *Fichier > Télécharger > Télécharger le fichier .ipynb*, puis déposez ce fichier\u00a0;
- sur votre machine\u00a0: déposez `{folder}/<lab>/<lab>.ipynb` tel que vous l'avez enregistré.

Gardez le notebook du TP lui-même\u00a0: des cellules copiées dans un nouveau notebook perdent les marques dont le
correcteur a besoin. Un lien vers un fichier Drive n'est pas un rendu.

## Licence et crédits
Le code est sous licence MIT, le texte et les figures des notebooks sous CC BY-SA 4.0 (`LICENSE`). Les TP
s'appuient sur des supports de cours existants\u00a0: `CREDITS.md` nomme chaque source et ce que chaque TP lui emprunte.
"""


def _tree_digest(folder: Path) -> dict[str, str]:
    """{relative path: sha256} of every file under ``folder`` (``.git`` excluded)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if path.is_file() and rel.parts[0] != ".git":
            found[rel.as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def text_leaks(tree: Path, root: Path = ROOT, allowed: dict[str, set[str]] | None = None) -> list[str]:
    """One line per answer found as text in ``tree`` (a release): an instructor-only folder, a hidden test,
    a solution or model-answer marker, a canary, or an answer of any lab: a file holds an answer cell's
    solution (or a question's model answer) when it has ``release.MIN_LINES`` of its non-trivial lines (all of
    them, for a shorter one), as ``release`` counts them. ``allowed[lab]``: the labs whose answers
    ``lab``'s notebook may hold (released after they were due)."""
    allowed = allowed or {}
    problems = [f"{p.relative_to(tree)}: an instructor-only folder" for p in tree.rglob("*")
                if p.is_dir() and p.name in INSTRUCTOR_ONLY and ".git" not in p.relative_to(tree).parts]
    answers: dict[tuple[str, str], set[str]] = {}
    for lab in lab_names(root):
        path = root / "source" / lab / f"{lab}.ipynb"
        nb = nbformat.read(path, as_version=4)
        for name, lines in release.solution_lines(nb).items():
            answers[(lab, name)] = lines
        texts = [edition(nb, path, lang)[0] for lang in LANGUAGES]  # a French model answer is an answer too
        for i, cell in enumerate(nb.cells):  # model answers and rubrics, in every edition
            if is_manual_cell(cell):
                lines = {line for text in texts for block in solutions_of(text.cells[i].source) or
                         [text.cells[i].source] for line in release.code_lines(block)}  # (unmarked: all of it)
                answers[(lab, grade_id(cell) or f"cell {i}")] = lines
    for path in sorted(tree.rglob("*")):
        rel = path.relative_to(tree)
        if not path.is_file() or rel.parts[0] == ".git":
            continue
        data = path.read_bytes()
        for marker in MARKERS:
            if marker.encode() in data:
                problems.append(f"{rel}: holds {marker!r}")
        if path.suffix not in (".py", ".ipynb", ".md", ".txt", ".toml"):
            continue
        if path.suffix == ".ipynb":
            nb = nbformat.reads(data.decode(), as_version=4)
            text = "\n".join(c.source for c in nb.cells if not is_answer_cell(c))
        else:
            text = data.decode(errors="replace")
        lines = release.code_lines(text)
        owner_lab = rel.parts[1] if rel.parts[0] == "labs" and len(rel.parts) > 2 else None
        for (lab, name), answer in answers.items():
            if not answer or (owner_lab and lab in allowed.get(owner_lab, set())):
                continue
            shared = lines & answer
            if len(shared) >= min(release.MIN_LINES, len(answer)):
                problems.append(f"{rel}: holds {len(shared)} line(s) of {lab}'s answer {name}, e.g. {min(shared)!r}")
    return problems


def _git(dest: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(dest), *args], capture_output=True, text=True)


def _commit(dest: Path, labs: list[str]) -> str:
    """Commit everything in ``dest`` (a new repository if it is none); the commit's id, or "" if nothing changed."""
    if not (dest / ".git").exists():
        _git(dest, "init", "-q", "-b", "main")
    _git(dest, "add", "-A")
    if not _git(dest, "status", "--porcelain").stdout.strip():
        return ""
    who = [] if _git(dest, "config", "user.email").stdout.strip() else \
        ["-c", "user.name=dllabs publish", "-c", "user.email=publish@localhost"]
    done = subprocess.run(["git", "-C", str(dest), *who, "commit", "-q", "-m", f"Publish {', '.join(labs)}"],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise PublishError(f"git commit in {dest} failed: {(done.stderr.strip().splitlines() or ['?'])[-1]}")
    return _git(dest, "rev-parse", "--short", "HEAD").stdout.strip()


def publish(dest: Path, labs: list[str] | None = None, force: bool = False, now: datetime | None = None,
            root: Path = ROOT, editions: tuple[str, ...] | None = None) -> list[str]:
    """Write (or update) the student release in ``dest``, in each of ``editions`` (default: ``[tool.dllabs]
    editions``) side by side: the course's language at ``labs/`` with ``README.md``, another at ``<lang>/labs/``
    with ``README.<lang>.md``. Returns one line per file added, changed or removed."""
    known = lab_names(root)
    labs = labs or known
    unknown = [lab for lab in labs if lab not in known]
    if unknown:
        raise PublishError(f"no lab {', '.join(unknown)} in source/ (the labs: {', '.join(known)})")
    if dest.resolve() == root.resolve() or root.resolve() in dest.resolve().parents:
        raise PublishError(f"{dest} is inside the course folder: publish into the student repository's clone")
    conf = settings(root)
    editions = editions or conf.editions
    if conf.language not in editions:
        raise PublishError(f"the editions {', '.join(editions)} leave out the course's language {conf.language}: "
                           "its edition is the release's labs/")
    now = now or datetime.now(timezone.utc)
    blockers = [line for lab in labs for line in release.release_blockers(lab, now, conf, root)]
    if blockers and not force:
        raise PublishError("; ".join(blockers))
    earlier = sorted(p.name for p in (dest / "labs").iterdir() if p.is_dir()) if (dest / "labs").is_dir() else []
    published = sorted(set(earlier) | set(labs), key=known.index)
    borrowers = release.solution_borrowers(root)
    allowed = {lab: {owner for owner in borrowers.get(lab, {})
                     if force or (conf.due.get(owner) is not None and conf.due[owner] <= now)} for lab in labs}
    with tempfile.TemporaryDirectory() as tmp:
        stage = Path(tmp) / "release"
        shutil.copytree(root / "src" / "dllabs", stage / "src" / "dllabs",
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "recorded"))
        recorded = stage / "src" / "dllabs" / "checks" / "recorded"
        recorded.mkdir()
        if (dest / "src" / "dllabs" / "checks" / "recorded").is_dir():  # earlier labs keep their recordings
            for old in (dest / "src" / "dllabs" / "checks" / "recorded").glob("*.pt"):
                if old.stem not in {checks_module(lab) for lab in labs}:
                    shutil.copy2(old, recorded / old.name)
        recording = record_answers(labs, recorded, root)
        try:
            for lang in editions:
                generate_labs(Path(tmp) / "built" / lang, labs, root, lang)
        finally:
            finish_recording(recording)
        for lang in editions:
            folder = edition_folder("labs", lang, conf.language)
            for lab in labs:
                shutil.copytree(Path(tmp) / "built" / lang / "labs" / lab, stage / folder / lab)
            for lab in earlier:
                if lab not in labs and (dest / folder / lab).is_dir():
                    shutil.copytree(dest / folder / lab, stage / folder / lab)
        (stage / "pyproject.toml").write_text(student_pyproject(root))
        for lang in editions:
            (stage / readme_name(lang, conf.language)).write_text(
                student_readme(published, stage, root, lang, editions))
        for name in ("LICENSE", "CREDITS.md"):  # the licence and the credits of the course material
            if (root / name).exists():
                shutil.copy2(root / name, stage / name)
        leaks = text_leaks(stage, root, {**{lab: set(borrowers.get(lab, {})) for lab in earlier}, **allowed})
        if leaks:
            raise PublishError(f"the release would hold answers, nothing was written: {leaks[0]}"
                               + (f" (and {len(leaks) - 1} more)" if len(leaks) > 1 else ""))
        before = _tree_digest(dest) if dest.exists() else {}
        dest.mkdir(parents=True, exist_ok=True)
        for name in ("src", "labs", *(lang for lang in LANGUAGES if lang != conf.language)):
            shutil.rmtree(dest / name, ignore_errors=True)
        for old in dest.glob("README.*.md"):  # an edition no longer published
            old.unlink()
        shutil.copytree(stage, dest, dirs_exist_ok=True)
    after = _tree_digest(dest)
    changes = [f"added {p}" for p in sorted(after.keys() - before.keys())]
    changes += [f"changed {p}" for p in sorted(p for p in after.keys() & before.keys() if after[p] != before[p])]
    changes += [f"removed {p}" for p in sorted(before.keys() - after.keys())]
    commit = _commit(dest, labs)
    if commit:
        changes.append(f"committed {commit} in {dest}: push it to {conf.repository}")
    return changes
